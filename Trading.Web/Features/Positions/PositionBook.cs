using Trading.Data.Entities;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Positions;

/// <summary>
/// What fills do to the trader's position, for the order writes of either database to store in the same transaction
/// as the order: average-price accounting by <see cref="PositionMath"/>, charges per fill, and a flip closes the row
/// and opens a new one the other way.
/// </summary>
public sealed class PositionBook(ChargeCalculator charges)
{
    /// <summary>
    /// The fills applied one after another to the open position (null: there is none). Returns every position row they
    /// touched, the open one (changed in place) or a new one first, then any opened by a flip. <paramref name="order"/>
    /// already counts the fills (its filled quantity and average include them); <paramref name="deliveryDay"/> is the
    /// stock's delivery fills earlier on the trade date (see <see cref="NeedsDeliveryDay"/>).
    /// </summary>
    public IReadOnlyList<Position> ApplyFills(Position? open, Order order, IReadOnlyList<Trade> trades, string instrumentType,
        DeliveryDay? deliveryDay = null)
    {
        var written = new List<Position>();
        var current = open;
        var batchQuantity = trades.Sum(t => t.Quantity);
        var batchValue = trades.Sum(t => t.Quantity * t.Price);
        // Brokerage is per executed order: what the order had filled before these fills.
        var orderValue = order.FilledQuantity > batchQuantity && order.AverageFillPrice is { } average
            ? Math.Max(0m, Math.Round(order.FilledQuantity * average - batchValue, 2))
            : 0m;
        var day = deliveryDay ?? DeliveryDay.None;
        foreach (var trade in trades)
        {
            var line = charges.Calculate(new ChargeFill(order.Exchange, instrumentType, order.ProductType, trade.Side, trade.Quantity, trade.Price,
                IndianTime.DateOf(trade.TradedAt)), orderValue, day);
            SetCharges(trade, line);
            orderValue += trade.Quantity * trade.Price;
            day = day.With(trade.Side, trade.Quantity, trade.Price);
            var (position, flipped) = Apply(current, order, trade);
            if (!written.Contains(position)) written.Add(position);
            if (flipped is not null) written.Add(flipped);
            current = flipped ?? (position.ClosedAt is null ? position : null);
        }
        return written;
    }

    /// <summary>Whether the fills' charges depend on the stock's other delivery fills of the day (a same-day round trip).</summary>
    public static bool NeedsDeliveryDay(Order order, string instrumentType) =>
        ChargeRates.SegmentOf(order.Exchange, instrumentType, order.ProductType) == ChargeSegment.EquityDelivery;

    public static DeliveryDay DeliveryDayOf(IEnumerable<(OrderSide Side, int Quantity, decimal Value)> sums) =>
        sums.Aggregate(DeliveryDay.None, (day, s) => s.Side == OrderSide.Buy
            ? day with { BuyQuantity = day.BuyQuantity + s.Quantity, BuyValue = day.BuyValue + s.Value }
            : day with { SellQuantity = day.SellQuantity + s.Quantity, SellValue = day.SellValue + s.Value });

    private static void SetCharges(Trade trade, ChargeBreakdown c)
    {
        (trade.Brokerage, trade.Stt, trade.ExchangeCharges, trade.Ipft, trade.SebiFee, trade.StampDuty, trade.DpCharges, trade.Gst) =
            (c.Brokerage, c.Stt, c.ExchangeCharges, c.Ipft, c.SebiFee, c.StampDuty, c.DpCharges, c.Gst);
        trade.Charges = c.Total;
    }

    public static ChargeBreakdown ChargesOf(Trade t) => new(t.Brokerage, t.Stt, t.ExchangeCharges, t.Ipft, t.SebiFee, t.StampDuty, t.DpCharges, t.Gst);

    /// <summary>The stored charge lines of these fills added up (in memory: SQLite cannot sum decimals in SQL).</summary>
    public static ChargeBreakdown ChargesOf(IEnumerable<Trade> trades) => trades.Aggregate(ChargeBreakdown.Zero, (sum, t) => sum + ChargesOf(t));

    /// <summary>
    /// The fill (its charges already set) applied to the open position (a new one when there is none): a flip closes
    /// the position and returns the one opened the other way as <c>Flipped</c>.
    /// </summary>
    private static (Position Position, Position? Flipped) Apply(Position? position, Order order, Trade trade)
    {
        var now = trade.TradedAt;
        position ??= Opened(order, now);

        var outcome = PositionMath.Apply(new PositionState(position.NetQuantity, position.AveragePrice, position.RealizedPnl), trade.Side, trade.Quantity, trade.Price);
        var closedPart = outcome.Flipped ? outcome.ClosedQuantity : trade.Quantity;
        if (trade.Side == OrderSide.Buy)
        {
            position.BuyQuantity += closedPart;
            position.BuyValue += closedPart * trade.Price;
        }
        else
        {
            position.SellQuantity += closedPart;
            position.SellValue += closedPart * trade.Price;
        }
        position.Charges += trade.Charges;
        position.LastPrice = trade.Price;
        position.UpdatedAt = now;

        if (!outcome.Flipped)
        {
            position.NetQuantity = outcome.State.NetQuantity;
            position.AveragePrice = Math.Round(outcome.State.AveragePrice, 4);
            position.RealizedPnl = Math.Round(outcome.State.RealizedPnl, 2);
            if (outcome.Closed)
            {
                position.ClosedAt = now;
                position.ClosingOrderId = order.Id;
            }
            return (position, null);
        }

        // The fill closed this position and opened one the other way with what was left.
        position.NetQuantity = 0;
        position.RealizedPnl = Math.Round(outcome.State.RealizedPnl, 2);
        position.ClosedAt = now;
        position.ClosingOrderId = order.Id;
        var remaining = trade.Quantity - outcome.ClosedQuantity;
        var flipped = Opened(order, now);
        flipped.NetQuantity = outcome.State.NetQuantity;
        flipped.AveragePrice = trade.Price;
        flipped.BuyQuantity = trade.Side == OrderSide.Buy ? remaining : 0;
        flipped.BuyValue = trade.Side == OrderSide.Buy ? remaining * trade.Price : 0;
        flipped.SellQuantity = trade.Side == OrderSide.Sell ? remaining : 0;
        flipped.SellValue = trade.Side == OrderSide.Sell ? remaining * trade.Price : 0;
        flipped.LastPrice = trade.Price;
        flipped.UpdatedAt = now;
        return (position, flipped);
    }

    /// <summary>
    /// Moves <paramref name="quantity"/> of <paramref name="from"/> into the open position of product <paramref name="to"/>
    /// (a new row when <paramref name="target"/> is null, returned), at <paramref name="from"/>'s average price: realized
    /// P&amp;L and charges stay where they were. A position left with nothing is closed.
    /// </summary>
    public static Position Convert(Position from, Position? target, ProductType to, int quantity, DateTime now)
    {
        var side = from.NetQuantity > 0 ? OrderSide.Buy : OrderSide.Sell;
        var price = from.AveragePrice;
        var closing = side == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy;
        var fromOutcome = PositionMath.Apply(new PositionState(from.NetQuantity, from.AveragePrice, from.RealizedPnl), closing, quantity, price);
        if (closing == OrderSide.Sell) { from.SellQuantity += quantity; from.SellValue += quantity * price; }
        else { from.BuyQuantity += quantity; from.BuyValue += quantity * price; }
        from.NetQuantity = fromOutcome.State.NetQuantity;
        from.UpdatedAt = now;
        if (from.NetQuantity == 0) from.ClosedAt = now;

        var into = target ?? new Position
        {
            Id = Guid.CreateVersion7(), UserId = from.UserId, Exchange = from.Exchange, TradingSymbol = from.TradingSymbol, SymbolToken = from.SymbolToken,
            ProductType = to, OpeningOrderId = from.OpeningOrderId, OpenedAt = now, LastPrice = from.LastPrice,
        };
        var intoOutcome = PositionMath.Apply(new PositionState(into.NetQuantity, into.AveragePrice, into.RealizedPnl), side, quantity, price);
        if (side == OrderSide.Buy) { into.BuyQuantity += quantity; into.BuyValue += quantity * price; }
        else { into.SellQuantity += quantity; into.SellValue += quantity * price; }
        into.NetQuantity = intoOutcome.State.NetQuantity;
        into.AveragePrice = Math.Round(intoOutcome.State.AveragePrice, 4);
        into.RealizedPnl = Math.Round(intoOutcome.State.RealizedPnl, 2);
        into.UpdatedAt = now;
        return into;
    }

    private static Position Opened(Order order, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = order.UserId,
        Exchange = order.Exchange,
        TradingSymbol = order.TradingSymbol,
        SymbolToken = order.SymbolToken,
        ProductType = order.ProductType,
        OpeningOrderId = order.Id,
        OpenedAt = now,
    };
}
