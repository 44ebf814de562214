using Trading.Data.Entities;

namespace Trading.Web.Features.Broker.Paper;

/// <summary>When and at what price a paper order fills against a last traded price. Pure, so it is easy to test.</summary>
public static class PaperFillRules
{
    /// <summary>A stop order whose trigger the price reached: SL becomes a limit order, SL-M a market order.</summary>
    public static bool IsTriggered(OrderSide side, decimal trigger, decimal lastPrice) =>
        side == OrderSide.Buy ? lastPrice >= trigger : lastPrice <= trigger;

    /// <summary>
    /// The fill price, or null when the order does not fill at this price. An order <paramref name="arriving"/> in the
    /// book (placed, modified, or a stop just triggered) that is marketable takes the market: the last price with
    /// slippage against the trader, but never beyond its limit. A resting limit that the price reaches fills at its own
    /// price, as the exchange's price-time priority gives it (no improvement on a price that moved through it).
    /// </summary>
    public static decimal? FillPrice(OrderType type, OrderSide side, decimal? limit, decimal? trigger, bool triggered,
        decimal lastPrice, decimal tickSize, decimal slippagePercent, bool arriving = true)
    {
        switch (type)
        {
            case OrderType.Market:
                return WithSlippage(side, lastPrice, tickSize, slippagePercent);
            case OrderType.Limit:
                return LimitFill(side, limit!.Value, lastPrice, tickSize, slippagePercent, arriving);
            case OrderType.StopLossMarket:
                return triggered || IsTriggered(side, trigger!.Value, lastPrice) ? WithSlippage(side, lastPrice, tickSize, slippagePercent) : null;
            case OrderType.StopLossLimit:
                if (triggered) return LimitFill(side, limit!.Value, lastPrice, tickSize, slippagePercent, arriving);
                return IsTriggered(side, trigger!.Value, lastPrice) ? LimitFill(side, limit!.Value, lastPrice, tickSize, slippagePercent, arriving: true) : null;
            default:
                return null;
        }
    }

    private static decimal? LimitFill(OrderSide side, decimal limit, decimal lastPrice, decimal tickSize, decimal slippagePercent, bool arriving)
    {
        if (!Crosses(side, limit, lastPrice)) return null;
        if (!arriving) return limit;
        var market = WithSlippage(side, lastPrice, tickSize, slippagePercent);
        return side == OrderSide.Buy ? Math.Min(limit, market) : Math.Max(limit, market);
    }

    private static bool Crosses(OrderSide side, decimal limit, decimal lastPrice) =>
        side == OrderSide.Buy ? lastPrice <= limit : lastPrice >= limit;

    private static decimal WithSlippage(OrderSide side, decimal lastPrice, decimal tickSize, decimal slippagePercent)
    {
        var factor = slippagePercent / 100m;
        var price = side == OrderSide.Buy ? lastPrice * (1 + factor) : lastPrice * (1 - factor);
        var tick = tickSize > 0 ? tickSize : 0.05m;
        // Round against the trader: up for buys, down for sells.
        var ticks = price / tick;
        ticks = side == OrderSide.Buy ? Math.Ceiling(ticks) : Math.Floor(ticks);
        return Math.Max(tick, ticks * tick);
    }
}
