using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Common;
using Trading.Web.Features.Live;
using Trading.Web.Features.MarketData;

namespace Trading.Web.Features.Orders;

/// <summary>
/// The only writer of order state after submission. <see cref="OrderTransitions"/> decides what a status, a broker
/// state or a placement reply means for the order; this takes the order's turn (and its position's, for fills),
/// writes the change with its events, trades and position in one transaction (again on fresh state if the order
/// changed meanwhile), then refreshes the active-order cache and tells the trader's pages.
/// </summary>
public sealed class OrderStatusApplier(
    IDbContextFactory<TradingDbContext> dbFactory,
    IOrderWrites writes,
    InstrumentCatalog instruments,
    IActiveOrderStore activeOrders,
    ILiveEventPublisher live,
    Notifications.NotificationService notifications,
    TimeProvider time,
    ILogger<OrderStatusApplier> logger)
{
    // Fills of one instrument for one trader update the same position row: they take turns here (this instance), and
    // the version check (EF Core) or the row lock (PostgreSQL) covers other instances.
    private readonly KeyedLock<(Guid, Exchange, string, ProductType)> _positionLocks = new();
    private readonly KeyedLock<Guid> _orderLocks = new();

    /// <summary>Records a status the pipeline decided itself (sent, rejected, timed out).</summary>
    public Task<Order?> RecordAsync(Guid orderId, OrderStatus status, string message, string? rawReply,
        string? brokerOrderId = null, string? errorCode = null, string? errorMessage = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(orderId, known: null, s => OrderTransitions.Record(s, status, message, rawReply, brokerOrderId, errorCode, errorMessage), cancellationToken);

    /// <summary>Brings an order in line with the broker's view of it: status, and any fills not yet recorded.</summary>
    public Task<Order?> ApplyBrokerStateAsync(Guid orderId, BrokerOrder state, string message, CancellationToken cancellationToken = default) =>
        ChangeAsync(orderId, known: null, s => OrderTransitions.FromBroker(s, state, message), cancellationToken);

    /// <summary>
    /// The broker took the order: Open with its order id, and, when the reply already tells (the paper broker's does),
    /// what happened to it at once — both events, the fill's trade and the position in one write.
    /// <paramref name="order"/> is the order as the pipeline stored it, so it is not read again unless it changed meanwhile.
    /// </summary>
    public Task<Order?> RecordPlacedAsync(Order order, BrokerOrderResult result, CancellationToken cancellationToken = default) =>
        ChangeAsync(order.Id, order, s => OrderTransitions.Placed(s, result), cancellationToken);

    private async Task<Order?> ChangeAsync(Guid orderId, Order? known, Func<OrderState, OrderDecision> decide, CancellationToken cancellationToken)
    {
        using var _ = await _orderLocks.LockAsync(orderId, cancellationToken);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var order = attempt == 0 && known is not null ? known : await LoadAsync(orderId, cancellationToken);
            if (order is null) return null;
            var decision = decide(OrderState.Of(order));
            if (!decision.Changed) return order;

            var now = time.GetUtcNow().UtcDateTime;
            var version = order.Version;
            var (statusBefore, filledBefore, termsBefore) = (order.Status, order.FilledQuantity, OrderTerms.Of(order));
            decision.State.CopyTo(order);
            order.UpdatedAt = now;
            var instrumentType = decision.Fills ? await InstrumentTypeAsync(order, cancellationToken) : "";
            var rows = OrderChangeRows.From(order, decision, instrumentType, now);
            bool saved;
            using (decision.Fills ? await _positionLocks.LockAsync((order.UserId, order.Exchange, order.SymbolToken, order.ProductType), cancellationToken) : default)
            {
                saved = await writes.SaveChangeAsync(order, version, rows, cancellationToken);
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
            if (decision.Fills)
            {
                await live.PublishAsync(new LiveEvent(order.UserId, LiveTopics.Positions, null, now), cancellationToken);
            }
            if (OrderNotices.For(statusBefore, filledBefore, order, termsBefore) is { } notice) await NotifyAsync(order, notice, cancellationToken);
            return order;
        }
        throw new InvalidOperationException($"Order {orderId} kept changing while its status was being recorded.");
    }

    /// <summary>Tells the trader what the broker confirmed; the order is stored already, so a failure here only loses the notice.</summary>
    private async Task NotifyAsync(Order order, OrderNotice notice, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await notifications.AddAsync(db, order.UserId, notice.Kind, notice.Severity, notice.Title, notice.Body, $"/orders?order={order.Id}", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not store the notice for order {OrderId}", order.Id);
        }
    }

    private async Task<Order?> LoadAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
    }

    /// <summary>The instrument's type decides the charges segment (equity, futures, options).</summary>
    private async Task<string> InstrumentTypeAsync(Order order, CancellationToken cancellationToken) =>
        (await instruments.FindAsync(order.Exchange, order.SymbolToken, cancellationToken))?.InstrumentType ?? "";
}
