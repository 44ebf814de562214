using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Live;
using Trading.Web.Features.MarketData;

namespace Trading.Web.Features.Orders;

/// <summary>
/// The one way an order reaches a broker, for the ticket, strategies and risk actions alike:
/// validate → pre-trade checks → persist with its idempotency key (a repeat returns the existing order) → send →
/// record the broker's answer → settle fills. An order whose submission got no answer is Unknown and is settled by
/// reconciliation against the broker's order book; it is never sent again.
/// </summary>
public sealed class OrderPipeline(
    IDbContextFactory<TradingDbContext> dbFactory,
    IOrderWrites writes,
    BrokerFactory brokers,
    InstrumentCatalog instruments,
    IEnumerable<IPreTradeCheck> checks,
    OrderStatusApplier applier,
    ILtpCache prices,
    IActiveOrderStore activeOrders,
    Security.UserAccess access,
    ILiveEventPublisher live,
    PriceProtection protection,
    TimeProvider time,
    ILogger<OrderPipeline> logger,
    PlacementLatency? latency = null)
{
    public async Task<PlaceOrderResult> PlaceAsync(PlaceOrderRequest request, CancellationToken cancellationToken = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // Instruments and accounts come from memory and the checks need no database: the first write is the order
        // itself, and its client order id decides whether this is a repeat.
        var instrument = await instruments.FindAsync(request.Exchange, request.SymbolToken, cancellationToken);
        var errors = OrderValidator.Validate(request, instrument);
        if (errors.Count > 0) return await RepeatOrAsync(request, new PlaceOrderResult(null, errors), cancellationToken);

        if (await brokers.ForUserAsync(request.UserId, request.BrokerAccountId, cancellationToken) is not ({ } accountId, { } broker))
        {
            return await RepeatOrAsync(request,
                new PlaceOrderResult(null, new Dictionary<string, string> { ["BrokerAccount"] = "Choose one of your broker accounts." }), cancellationToken);
        }

        var snapshot = await prices.GetAsync(new InstrumentKey(instrument!.Exchange, instrument.SymbolToken), cancellationToken);
        var lastPrice = snapshot?.LastPrice;
        var asked = request;
        string? protectionNote = null;
        if (request.OrderType == OrderType.Market)
        {
            // Angel One takes no market orders from the API for algorithms: a marketable limit inside the protection buffer.
            if (lastPrice is null)
            {
                return await RepeatOrAsync(request, new PlaceOrderResult(null, new Dictionary<string, string>
                {
                    ["PreTrade"] = $"No last price for {instrument.TradingSymbol} yet: a market order is sent as a limit near the last price, so it needs one. Place a limit order instead.",
                }), cancellationToken);
            }
            var protectedPrice = protection.MarketLimit(instrument, request.ProductType, request.Side, lastPrice.Value, snapshot?.PreviousClose,
                Infrastructure.IndianTime.Today(time));
            request = request with { OrderType = OrderType.Limit, Price = protectedPrice.LimitPrice };
            protectionNote = protectedPrice.Describe(request.Side);
        }
        foreach (var check in checks)
        {
            string? blocked;
            try
            {
                blocked = await check.CheckAsync(new PreTradeContext(request, instrument, broker, lastPrice, snapshot?.PreviousClose), cancellationToken);
            }
            catch (BrokerException ex)
            {
                blocked = $"The order could not be checked: {ex.Message}";
            }
            if (blocked is not null)
            {
                return await RepeatOrAsync(request, new PlaceOrderResult(null, new Dictionary<string, string> { ["PreTrade"] = blocked }), cancellationToken);
            }
        }

        var order = await PersistAsync(request, instrument, accountId, asked, protectionNote, cancellationToken);
        if (order is null)
        {
            // Another submit with the same client order id got there first: that order is the answer.
            var winner = await FindByClientIdAsync(request.UserId, request.ClientOrderId, cancellationToken);
            return new PlaceOrderResult(winner, new Dictionary<string, string>(), Duplicate: true);
        }

        var placed = await SendAsync(order, broker, cancellationToken);
        latency?.Record(started);
        return new PlaceOrderResult(placed ?? order, new Dictionary<string, string>());
    }

    /// <summary>A repeated submit returns the order it repeats, even when the same request would be refused now.</summary>
    private async Task<PlaceOrderResult> RepeatOrAsync(PlaceOrderRequest request, PlaceOrderResult refusal, CancellationToken cancellationToken) =>
        await FindByClientIdAsync(request.UserId, request.ClientOrderId, cancellationToken) is { } existing
            ? new PlaceOrderResult(existing, new Dictionary<string, string>(), Duplicate: true)
            : refusal;

    public Task<string?> CancelAsync(Guid userId, Guid orderId, CancellationToken cancellationToken = default) =>
        ChangeAtBrokerAsync(userId, orderId, "cancelled", "Cancel requested.", _ => ValueTask.FromResult<string?>(null),
            (broker, order) => broker.CancelOrderAsync(order.BrokerOrderId!, order.Variety, cancellationToken), cancellationToken);

    public Task<string?> ModifyAsync(Guid userId, Guid orderId, int quantity, decimal? price, decimal? triggerPrice, CancellationToken cancellationToken = default) =>
        ChangeAtBrokerAsync(userId, orderId, "modified", "Modified.",
            async order =>
            {
                // Cancelling still works for an account that is no longer active (it only lowers risk); changing does not.
                if (!await access.IsActiveAsync(userId, cancellationToken)) return "This account is not active: orders cannot be changed.";
                var instrument = await instruments.FindAsync(order.Exchange, order.SymbolToken, cancellationToken);
                var errors = OrderValidator.Validate(new PlaceOrderRequest(userId, order.ClientOrderId, order.Exchange, order.SymbolToken, order.Side,
                    order.OrderType, order.ProductType, order.Variety, order.Validity, quantity, price, triggerPrice, order.StopLoss, order.Target,
                    order.Source, Tag: order.Tag), instrument);
                return errors.Count > 0 ? string.Join(" ", errors.Values) : null;
            },
            (broker, order) => broker.ModifyOrderAsync(new BrokerOrderModification(order.BrokerOrderId!, order.Exchange, order.TradingSymbol,
                order.SymbolToken, order.Variety, order.OrderType, order.ProductType, order.Validity, quantity, price, triggerPrice), cancellationToken),
            cancellationToken);

    /// <summary>Cancel or modify a trader's open order at its broker, then record what the broker now holds.</summary>
    private async Task<string?> ChangeAtBrokerAsync(Guid userId, Guid orderId, string verb, string message, Func<Order, ValueTask<string?>> check,
        Func<IBroker, Order, Task<BrokerOrderResult>> change, CancellationToken cancellationToken)
    {
        var order = await FindAsync(userId, orderId, cancellationToken);
        if (order is null) return "That order was not found.";
        if (!order.Status.IsChangeable() || order.BrokerOrderId is null)
            return $"Only open orders can be {verb}; this one is {order.Status}.";
        if (await check(order) is { } problem) return problem;
        if (await brokers.ForUserAsync(userId, order.BrokerAccountId, cancellationToken) is not (_, { } broker))
            return "The order's broker account no longer exists.";
        try
        {
            var result = await change(broker, order);
            await SyncAsync(order, broker, result.UniqueOrderId, message, result.RawReply, cancellationToken);
            return null;
        }
        catch (BrokerException ex)
        {
            return ex.Message;
        }
    }

    private async Task<Order?> PersistAsync(PlaceOrderRequest r, Instrument instrument, Guid accountId, PlaceOrderRequest asked, string? note,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var order = new Order
        {
            Id = Guid.CreateVersion7(),
            UserId = r.UserId,
            BrokerAccountId = accountId,
            UserStrategyId = r.UserStrategyId,
            ClientOrderId = r.ClientOrderId,
            Exchange = instrument.Exchange,
            TradingSymbol = instrument.TradingSymbol,
            SymbolToken = instrument.SymbolToken,
            Side = r.Side,
            OrderType = r.OrderType,
            ProductType = r.ProductType,
            Variety = r.Variety,
            Validity = r.Validity,
            Quantity = r.Quantity,
            Price = r.OrderType.LimitPrice(r.Price),
            TriggerPrice = r.OrderType.TriggerPrice(r.TriggerPrice),
            StopLoss = r.Variety == OrderVariety.Robo ? r.StopLoss : null,
            Target = r.Variety == OrderVariety.Robo ? r.Target : null,
            Status = OrderStatus.PendingSubmit,
            Source = r.Source,
            // Without a strategy's algo id the tag is ours: it finds the order in the broker's book if the answer got lost.
            Tag = r.Tag ?? "o" + Guid.NewGuid().ToString("N")[..12],
            CreatedAt = now,
            UpdatedAt = now,
        };
        var received = new OrderEvent
        {
            OrderId = order.Id,
            UserId = order.UserId,
            FromStatus = null,
            ToStatus = OrderStatus.PendingSubmit,
            Message = $"{order.Source} order received: {order.Side} {order.Quantity} {order.TradingSymbol} {asked.OrderType}{(note is null ? "" : ", " + note)}.",
            OccurredAt = now,
        };
        // Key, order and event in one atomic write: a repeated client order id stores none of them.
        if (!await writes.InsertNewAsync(order, received, cancellationToken)) return null;
        await activeOrders.SetAsync(order);
        await live.PublishAsync(new LiveEvent(order.UserId, LiveTopics.Orders, null, now), cancellationToken);
        return order;
    }

    private async Task<Order?> SendAsync(Order order, IBroker broker, CancellationToken cancellationToken)
    {
        BrokerOrderResult result;
        try
        {
            result = await broker.PlaceOrderAsync(new BrokerOrderRequest(order.Exchange, order.TradingSymbol, order.SymbolToken, order.Side, order.OrderType,
                order.ProductType, order.Variety, order.Validity, order.Quantity, order.Price, order.TriggerPrice, order.StopLoss, order.Target, order.Tag),
                cancellationToken);
        }
        catch (BrokerException ex) when (ex.Kind is BrokerErrorKind.Timeout or BrokerErrorKind.Unavailable)
        {
            logger.LogWarning("No answer from the broker for order {OrderId}; reconciliation will settle it", order.Id);
            return await applier.RecordAsync(order.Id, OrderStatus.Unknown,
                "The broker did not answer in time. The order may or may not be placed; it will be checked against the broker's order book, never sent again.",
                ex.RawReply, errorCode: ex.ErrorCode, errorMessage: ex.Message, cancellationToken: CancellationToken.None);
        }
        catch (BrokerException ex)
        {
            return await applier.RecordAsync(order.Id, OrderStatus.Rejected, $"Rejected: {ex.Message}", ex.RawReply,
                errorCode: ex.ErrorCode, errorMessage: ex.Message, cancellationToken: CancellationToken.None);
        }

        var sent = await applier.RecordPlacedAsync(order, result, CancellationToken.None);
        if (sent is null || result.State is not null) return sent;
        // The reply did not say what became of the order (Angel One's does not): read it back.
        return await SyncAsync(sent, broker, result.UniqueOrderId, "Broker status.", null, CancellationToken.None) ?? sent;
    }

    /// <summary>Reads the order's state at the broker now (fills that happened at once, rejections) and applies it.</summary>
    private async Task<Order?> SyncAsync(Order order, IBroker broker, string? uniqueOrderId, string message, string? rawReply, CancellationToken cancellationToken)
    {
        try
        {
            var state = await broker.GetOrderAsync(order.BrokerOrderId!, uniqueOrderId, cancellationToken);
            if (state is not null)
            {
                return await applier.ApplyBrokerStateAsync(order.Id, rawReply is null ? state : state with { RawJson = rawReply + "\n" + state.RawJson }, message, cancellationToken);
            }
        }
        catch (BrokerException ex)
        {
            logger.LogInformation("Could not read order {OrderId} back from the broker: {Message}", order.Id, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // The order is placed; its fill will be recorded by the paper sync or the next reconciliation.
            logger.LogWarning(ex, "Could not record order {OrderId}'s broker state yet", order.Id);
        }
        return null;
    }

    public async Task<Order?> FindAsync(Guid userId, Guid orderId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.UserId == userId, cancellationToken);
    }

    private async Task<Order?> FindByClientIdAsync(Guid userId, string clientOrderId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (from k in db.OrderClientIds
                      where k.UserId == userId && k.ClientOrderId == clientOrderId
                      join o in db.Orders on new { Id = k.OrderId, CreatedAt = k.OrderCreatedAt } equals new { o.Id, o.CreatedAt }
                      select o).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
    }
}
