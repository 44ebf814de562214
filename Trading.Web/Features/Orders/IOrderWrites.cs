using Trading.Data.Entities;

namespace Trading.Web.Features.Orders;

/// <summary>
/// The order pipeline's writes, one implementation per database (chosen at registration): plain SQL on PostgreSQL,
/// where EF Core's own work per save costs more than the database's, and EF Core elsewhere. Both move positions through
/// the one calculation, <see cref="Positions.PositionBook.ApplyFills"/>.
/// </summary>
public interface IOrderWrites
{
    /// <summary>The idempotency key, the order and its first event, all or nothing. False when the client order id is taken.</summary>
    Task<bool> InsertNewAsync(Order order, OrderEvent received, CancellationToken cancellationToken);

    /// <summary>
    /// The order's new state if it is still at <paramref name="expectedVersion"/>, with its events and, for fills, the
    /// trades and the position they move, in one transaction. On success the order is at the next version; false when
    /// the order or its position changed meanwhile, and then nothing is written.
    /// </summary>
    Task<bool> SaveChangeAsync(Order order, uint expectedVersion, OrderChangeRows rows, CancellationToken cancellationToken);
}

/// <summary>The rows an order change adds: its events, and for fills the trades (charged by the segment of <see cref="InstrumentType"/>).</summary>
public sealed record OrderChangeRows(IReadOnlyList<OrderEvent> Events, IReadOnlyList<Trade> Trades, string InstrumentType)
{
    /// <summary>The events and trades of a decision taken for <paramref name="order"/> (already in its new state).</summary>
    public static OrderChangeRows From(Order order, OrderDecision decision, string instrumentType, DateTime now) => new(
        decision.Steps.Select(s => new OrderEvent
        {
            OrderId = order.Id,
            UserId = order.UserId,
            FromStatus = s.From,
            ToStatus = s.To,
            Message = s.Message,
            RawReply = s.RawReply,
            OccurredAt = now,
        }).ToList(),
        decision.Steps.Where(s => s.Fill is not null).Select(s => new Trade
        {
            OrderId = order.Id,
            UserId = order.UserId,
            BrokerTradeId = $"{order.BrokerOrderId}-{s.Fill!.FilledAfter}",
            Exchange = order.Exchange,
            TradingSymbol = order.TradingSymbol,
            SymbolToken = order.SymbolToken,
            ProductType = order.ProductType,
            Side = order.Side,
            Quantity = s.Fill.Quantity,
            Price = s.Fill.Price,
            TradedAt = now,
        }).ToList(),
        instrumentType);
}
