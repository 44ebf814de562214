using Trading.Data.Entities;

namespace Trading.Web.Features.Positions;

/// <summary>A position's running state: signed net quantity (negative = short), average price of the open quantity, realized P&amp;L.</summary>
public readonly record struct PositionState(int NetQuantity, decimal AveragePrice, decimal RealizedPnl)
{
    public static readonly PositionState Flat = new(0, 0m, 0m);
}

/// <summary>What one fill did to a position.</summary>
public readonly record struct FillOutcome(PositionState State, decimal RealizedDelta, int ClosedQuantity, bool Flipped)
{
    public bool Closed => State.NetQuantity == 0;
}

/// <summary>
/// Average-price accounting, as Indian brokers show positions: adding to a position moves its average, reducing it
/// realizes (exit − average) × quantity, and a fill larger than the open quantity closes it and opens the other way at
/// the fill price.
/// </summary>
public static class PositionMath
{
    public static FillOutcome Apply(PositionState state, OrderSide side, int quantity, decimal price)
    {
        if (quantity <= 0) throw new ArgumentOutOfRangeException(nameof(quantity));
        var signed = side == OrderSide.Buy ? quantity : -quantity;
        var net = state.NetQuantity;

        if (net == 0 || Math.Sign(net) == Math.Sign(signed))
        {
            var open = Math.Abs(net);
            var average = (open * state.AveragePrice + quantity * price) / (open + quantity);
            return new FillOutcome(new PositionState(net + signed, average, state.RealizedPnl), 0m, 0, false);
        }

        var closing = Math.Min(quantity, Math.Abs(net));
        var realized = closing * (price - state.AveragePrice) * Math.Sign(net);
        var remaining = quantity - closing;
        if (remaining == 0)
        {
            var newNet = net + signed;
            return new FillOutcome(new PositionState(newNet, newNet == 0 ? 0m : state.AveragePrice, state.RealizedPnl + realized), realized, closing, false);
        }
        // Flip: the old position is closed; the rest opens a new one the other way at this fill's price.
        return new FillOutcome(new PositionState(Math.Sign(signed) * remaining, price, state.RealizedPnl + realized), realized, closing, true);
    }

    public static decimal Unrealized(int netQuantity, decimal averagePrice, decimal lastPrice) => netQuantity * (lastPrice - averagePrice);
}
