using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;

namespace Trading.Web.Features.Orders;

/// <summary>
/// The target and stop-loss legs a broker creates for a bracket (ROBO) order: stored as orders of their own, linked to
/// the entry (<see cref="Order.ParentOrderId"/>), so the blotter, positions and risk see them like any order.
/// </summary>
public sealed class BracketLegImporter(IDbContextFactory<TradingDbContext> dbFactory, IOrderWrites writes, OrderStatusApplier applier, TimeProvider time)
{
    /// <summary>The local order of <paramref name="leg"/>, imported now if it is a leg of one of ours; null when it is not (or not yet).</summary>
    public async Task<Guid?> ImportAsync(Guid brokerAccountId, BrokerOrder leg, string message, CancellationToken cancellationToken)
    {
        if (leg.ParentBrokerOrderId is null) return null;
        Order? parent;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            parent = await db.Orders.AsNoTracking()
                .FirstOrDefaultAsync(o => o.BrokerAccountId == brokerAccountId && o.BrokerOrderId == leg.ParentBrokerOrderId, cancellationToken);
        }
        if (parent is null) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var order = new Order
        {
            Id = Guid.CreateVersion7(),
            UserId = parent.UserId,
            BrokerAccountId = brokerAccountId,
            UserStrategyId = parent.UserStrategyId,
            ParentOrderId = parent.Id,
            ClientOrderId = $"leg-{leg.BrokerOrderId}",
            BrokerOrderId = leg.BrokerOrderId,
            Exchange = leg.Exchange,
            TradingSymbol = leg.TradingSymbol,
            SymbolToken = leg.SymbolToken,
            Side = leg.Side,
            OrderType = leg.OrderType,
            ProductType = leg.ProductType,
            Variety = leg.Variety,
            Validity = OrderValidity.Day,
            Quantity = leg.Quantity,
            Price = leg.OrderType.LimitPrice(leg.Price),
            TriggerPrice = leg.OrderType.TriggerPrice(leg.TriggerPrice),
            // Placed by the broker itself: no submission of ours to wait for. Fills and later changes come through the applier.
            Status = leg.Status == BrokerOrderStatus.TriggerPending ? OrderStatus.TriggerPending : OrderStatus.Open,
            Source = parent.Source,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var received = new OrderEvent
        {
            OrderId = order.Id, UserId = order.UserId, ToStatus = order.Status, OccurredAt = now,
            Message = $"Bracket {(leg.OrderType.UsesTrigger() ? "stop-loss" : "target")} leg of order {parent.BrokerOrderId}, placed by the broker: " +
                $"{leg.Side} {leg.Quantity} {leg.TradingSymbol} {(leg.OrderType.UsesTrigger() ? $"trigger {leg.TriggerPrice:0.00}" : $"at {leg.Price:0.00}")}.",
        };
        if (!await writes.InsertNewAsync(order, received, cancellationToken))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var existing = await db.Orders.AsNoTracking().Where(o => o.UserId == parent.UserId && o.ClientOrderId == order.ClientOrderId)
                .Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
            if (existing is null) return null;
            order.Id = existing.Value;
        }
        await applier.ApplyBrokerStateAsync(order.Id, leg, message, cancellationToken);
        return order.Id;
    }
}
