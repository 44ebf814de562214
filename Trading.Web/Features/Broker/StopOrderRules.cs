using Trading.Data.Entities;
using static Trading.Web.Infrastructure.IndianFormat;

namespace Trading.Web.Features.Broker;

/// <summary>
/// Stop orders as the exchange takes them: a buy stop triggers above the market and a sell stop below it (a trigger
/// already crossed would fire at once, at whatever price: refused, as brokers do); an SL's limit is on the far side of
/// its trigger (a buy SL's limit at or above the trigger, a sell SL's at or below). Null: allowed.
/// </summary>
public static class StopOrderRules
{
    public static string? Problem(OrderSide side, OrderType type, decimal? price, decimal? trigger, decimal? lastPrice)
    {
        if (!type.UsesTrigger() || trigger is not { } t) return null;
        if (lastPrice is { } ltp)
        {
            if (side == OrderSide.Buy && t <= ltp)
                return $"A buy stop's trigger {Rupees(t)} must be above the last price {Rupees(ltp)}: at or below it, it would trigger at once.";
            if (side == OrderSide.Sell && t >= ltp)
                return $"A sell stop's trigger {Rupees(t)} must be below the last price {Rupees(ltp)}: at or above it, it would trigger at once.";
        }
        if (type == OrderType.StopLossLimit && price is { } p)
        {
            if (side == OrderSide.Buy && p < t) return $"A buy stop-loss limit's price {Rupees(p)} must be at or above its trigger {Rupees(t)}.";
            if (side == OrderSide.Sell && p > t) return $"A sell stop-loss limit's price {Rupees(p)} must be at or below its trigger {Rupees(t)}.";
        }
        return null;
    }
}
