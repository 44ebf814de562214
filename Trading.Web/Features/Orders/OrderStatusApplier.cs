using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Live;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Positions;

namespace Trading.Web.Features.Orders;

/// <summary>
/// The only writer of order state after submission. Moves an order along PendingSubmit → Open → PartiallyFilled →
/// Filled | Cancelled | Rejected (Unknown when the broker did not answer), appends an order_events row with the
/// broker's raw reply for every change, turns new fills into trades and position updates in the same transaction,
/// then refreshes the active-order cache and tells the trader's pages.
/// </summary>
public sealed class OrderStatusApplier(
    IDbContextFactory<TradingDbContext> dbFactory,
    PositionBook positions,
    InstrumentCatalog instruments,
    IActiveOrderStore activeOrders,
    ILiveEventPublisher live,
    TimeProvider time,
    ILogger<OrderStatusApplier> logger,
    Npgsql.NpgsqlDataSource? postgres = null)
{
    // Fills of one instrument for one trader update the same position row: they take turns here (this instance), and
    // the version check plus retry covers other instances.
    private readonly ConcurrentDictionary<(Guid, Exchange, string, ProductType), SemaphoreSlim> _positionLocks = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _orderLocks = new();

    public static bool IsTerminal(OrderStatus status) => status is OrderStatus.Filled or OrderStatus.Cancelled or OrderStatus.Rejected;

    /// <summary>Records a status the pipeline decided itself (sent, rejected, timed out).</summary>
    public Task<Order?> RecordAsync(Guid orderId, OrderStatus status, string message, string? rawReply,
        string? brokerOrderId = null, string? errorCode = null, string? errorMessage = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(orderId, known: null, order => One(Record(order, status, message, rawReply, brokerOrderId, errorCode, errorMessage)), cancellationToken);

    /// <summary>Brings an order in line with the broker's view of it: status, and any fills not yet recorded.</summary>
    public Task<Order?> ApplyBrokerStateAsync(Guid orderId, BrokerOrder state, string message, CancellationToken cancellationToken = default) =>
        ChangeAsync(orderId, known: null, order => One(FromBroker(order, state, message)), cancellationToken);

    /// <summary>
    /// The broker took the order: Open with its order id, and, when the reply already tells (the paper broker's does),
    /// what happened to it at once (filled, rejected) — both events, the fill's trade and the position in one write.
    /// <paramref name="order"/> is the order as the pipeline stored it, so it is not read again unless it changed meanwhile.
    /// </summary>
    public Task<Order?> RecordPlacedAsync(Order order, BrokerOrderResult result, CancellationToken cancellationToken = default) =>
        ChangeAsync(order.Id, order, o =>
        {
            var placed = Record(o, OrderStatus.Open, $"Placed with the broker as {result.BrokerOrderId}.", result.RawReply, result.BrokerOrderId, null, null);
            if (placed is null || result.State is null) return One(placed);
            var previous = o.Status;
            o.Status = placed.Status; // the broker's state is compared with the order as just placed
            var state = FromBroker(o, result.State, "Broker status.");
            o.Status = previous;
            return state is null ? [placed] : [placed, state];
        }, cancellationToken);

    private static IReadOnlyList<Change> One(Change? change) => change is null ? [] : [change];

    private static Change? Record(Order order, OrderStatus status, string message, string? rawReply, string? brokerOrderId, string? errorCode, string? errorMessage)
    {
        if (IsTerminal(order.Status)) return null;
        if (brokerOrderId is not null) order.BrokerOrderId = brokerOrderId;
        order.ErrorCode = errorCode;
        order.ErrorMessage = errorMessage;
        return new Change(status, message, rawReply, 0, null);
    }

    private static Change? FromBroker(Order order, BrokerOrder state, string message)
    {
        if (order.BrokerOrderId is null) order.BrokerOrderId = state.BrokerOrderId;
        var filled = Math.Min(state.FilledQuantity, order.Quantity);
        var newFill = filled - order.FilledQuantity;
        decimal? fillPrice = null;
        if (newFill > 0 && state.AveragePrice is { } average)
        {
            // The broker reports a running average: the price of the new part is what makes the totals add up.
            var before = order.FilledQuantity * (order.AverageFillPrice ?? 0m);
            fillPrice = Math.Round((filled * average - before) / newFill, 4);
        }
        else
        {
            newFill = 0;
        }
        var status = state.Status switch
        {
            BrokerOrderStatus.Complete => OrderStatus.Filled,
            BrokerOrderStatus.Cancelled => OrderStatus.Cancelled,
            BrokerOrderStatus.Rejected => OrderStatus.Rejected,
            BrokerOrderStatus.Open or BrokerOrderStatus.TriggerPending or BrokerOrderStatus.Pending =>
                filled > 0 ? OrderStatus.PartiallyFilled : OrderStatus.Open,
            _ => order.Status,
        };
        if (state.Status == BrokerOrderStatus.Rejected)
        {
            order.ErrorMessage = state.StatusMessage;
        }
        if (status == order.Status && newFill == 0 && (order.Price == state.Price || state.Price is null) && order.Quantity == state.Quantity)
        {
            return null; // nothing new
        }
        if (IsTerminal(order.Status) && newFill == 0) return null;
        var modified = order.Quantity != Math.Max(state.Quantity, filled) || state.Price is > 0 && order.Price != state.Price
            || state.TriggerPrice is > 0 && order.TriggerPrice != state.TriggerPrice;
        order.Quantity = Math.Max(state.Quantity, filled);
        if (state.Price is > 0) order.Price = state.Price;
        if (state.TriggerPrice is > 0) order.TriggerPrice = state.TriggerPrice;
        if (modified && status == order.Status && newFill == 0)
        {
            message = $"Order modified: quantity {order.Quantity}{(order.Price is { } p ? $", price {p:0.00##}" : "")}{(order.TriggerPrice is { } t ? $", trigger {t:0.00##}" : "")}.";
        }
        return new Change(status, message, state.RawJson, newFill, fillPrice);
    }

    private sealed record Change(OrderStatus Status, string Message, string? RawReply, int NewFillQuantity, decimal? FillPrice);

    private async Task<Order?> ChangeAsync(Guid orderId, Order? known, Func<Order, IReadOnlyList<Change>> decide, CancellationToken cancellationToken)
    {
        var orderLock = _orderLocks.GetOrAdd(orderId, _ => new SemaphoreSlim(1, 1));
        await orderLock.WaitAsync(cancellationToken);
        try
        {
            return await ChangeLockedAsync(orderId, known, decide, cancellationToken);
        }
        finally
        {
            orderLock.Release();
            if (orderLock.CurrentCount == 1) _orderLocks.TryRemove(new KeyValuePair<Guid, SemaphoreSlim>(orderId, orderLock));
        }
    }

    private async Task<Order?> ChangeLockedAsync(Guid orderId, Order? known, Func<Order, IReadOnlyList<Change>> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var untracked = attempt == 0 && known is not null;
            var order = untracked ? known : await db.Orders.FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
            if (order is null) return null;
            var previous = order.Status;
            var version = order.Version;
            var changes = decide(order);
            if (changes.Count == 0) return order;

            var now = time.GetUtcNow().UtcDateTime;
            var fills = changes.Any(c => c.NewFillQuantity > 0);
            SemaphoreSlim? positionLock = null;
            if (fills)
            {
                positionLock = _positionLocks.GetOrAdd((order.UserId, order.Exchange, order.SymbolToken, order.ProductType), _ => new SemaphoreSlim(1, 1));
                await positionLock.WaitAsync(cancellationToken);
            }
            bool saved;
            try
            {
                if (postgres is not null)
                {
                    saved = await SavePostgresAsync(postgres, order, version, previous, changes, now, cancellationToken);
                    if (saved) order.Version = version + 1;
                }
                else
                {
                    if (untracked)
                    {
                        db.Orders.Attach(order!);
                        db.Entry(order!).State = EntityState.Modified; // compared with the version the pipeline stored
                    }
                    saved = await SaveAsync(db, order!, previous, changes, now, cancellationToken);
                }
            }
            finally
            {
                positionLock?.Release();
            }
            if (!saved)
            {
                logger.LogDebug("Order {OrderId} or its position changed meanwhile; applying again on fresh state", orderId);
                await Task.Delay(Random.Shared.Next(5, 25) * (attempt + 1), cancellationToken);
                continue;
            }
            await activeOrders.SetAsync(order);
            await live.PublishAsync(new LiveEvent(order.UserId, LiveTopics.Orders,
                JsonSerializer.Serialize(new { orderId = order.Id, status = order.Status.ToString() }), now), cancellationToken);
            if (fills)
            {
                await live.PublishAsync(new LiveEvent(order.UserId, LiveTopics.Positions, null, now), cancellationToken);
            }
            return order;
        }
        throw new InvalidOperationException($"Order {orderId} kept changing while its status was being recorded.");
    }

    /// <summary>Applies the changes to the order in memory: one event per change, and a trade for each that fills.</summary>
    private static (List<OrderEvent> Events, List<Trade> Trades) Steps(Order order, OrderStatus previous, IReadOnlyList<Change> changes, DateTime now)
    {
        var events = new List<OrderEvent>(changes.Count);
        var trades = new List<Trade>();
        var from = previous;
        foreach (var change in changes)
        {
            if (change.NewFillQuantity > 0 && change.FillPrice is { } price)
            {
                trades.Add(new Trade
                {
                    OrderId = order.Id,
                    UserId = order.UserId,
                    BrokerTradeId = $"{order.BrokerOrderId}-{order.FilledQuantity + change.NewFillQuantity}",
                    Exchange = order.Exchange,
                    TradingSymbol = order.TradingSymbol,
                    SymbolToken = order.SymbolToken,
                    ProductType = order.ProductType,
                    Side = order.Side,
                    Quantity = change.NewFillQuantity,
                    Price = price,
                    TradedAt = now,
                });
                var filledBefore = order.FilledQuantity;
                order.FilledQuantity += change.NewFillQuantity;
                order.AverageFillPrice = Math.Round(((order.AverageFillPrice ?? 0m) * filledBefore + price * change.NewFillQuantity) / order.FilledQuantity, 4);
            }
            events.Add(new OrderEvent
            {
                OrderId = order.Id,
                UserId = order.UserId,
                FromStatus = from,
                ToStatus = change.Status,
                Message = Truncate(change.NewFillQuantity > 0 ? $"{change.Message} Filled {change.NewFillQuantity} @ {change.FillPrice:0.00##}." : change.Message, 1000),
                RawReply = change.RawReply,
                OccurredAt = now,
            });
            from = change.Status;
        }
        order.Status = from;
        order.UpdatedAt = now;
        return (events, trades);
    }

    /// <summary>PostgreSQL: the fills' trades, the position and the order with its events in one transaction of three round trips.</summary>
    private async Task<bool> SavePostgresAsync(Npgsql.NpgsqlDataSource dataSource, Order order, uint version, OrderStatus previous,
        IReadOnlyList<Change> changes, DateTime now, CancellationToken cancellationToken)
    {
        var (events, trades) = Steps(order, previous, changes, now);
        if (trades.Count == 0) return await PostgresOrderRows.UpdateAsync(dataSource, order, version, events, cancellationToken);
        var instrumentType = await InstrumentTypeAsync(order, cancellationToken);
        return await PostgresOrderRows.SaveFillAsync(dataSource, order, version, open =>
        {
            var written = new List<Position>();
            var current = open;
            foreach (var trade in trades)
            {
                var (position, flipped) = positions.Apply(current, order, trade, instrumentType);
                if (!written.Contains(position)) written.Add(position);
                if (flipped is not null) written.Add(flipped);
                current = flipped ?? (position.ClosedAt is null ? position : null);
            }
            return new PostgresOrderRows.FillRows(trades, written, events);
        }, cancellationToken);
    }

    /// <summary>EF Core (SQLite): the fills' trades and position, the order's new state and its events in one transaction.</summary>
    private async Task<bool> SaveAsync(TradingDbContext db, Order order, OrderStatus previous, IReadOnlyList<Change> changes, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (events, trades) = Steps(order, previous, changes, now);
        var instrumentType = trades.Count == 0 ? "" : await InstrumentTypeAsync(order, cancellationToken);
        foreach (var trade in trades)
        {
            db.Trades.Add(trade);
            await positions.ApplyFillAsync(db, order, trade, instrumentType, cancellationToken);
        }
        db.OrderEvents.AddRange(events);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>The instrument's type decides the charges segment (equity, futures, options).</summary>
    private async Task<string> InstrumentTypeAsync(Order order, CancellationToken cancellationToken) =>
        (await instruments.FindAsync(order.Exchange, order.SymbolToken, cancellationToken))?.InstrumentType ?? "";

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
