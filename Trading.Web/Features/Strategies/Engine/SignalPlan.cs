using Trading.Data.Entities;

namespace Trading.Web.Features.Strategies.Engine;

/// <summary>What the engine does about one signal: cancel the working order, send an order (side, quantity), and the side it then holds.</summary>
public sealed record SignalPlan(OrderSide? Side, int Quantity, bool CancelWorking, StrategyPosition Position, string Outcome)
{
    public bool SendsOrder => Side is not null && Quantity > 0;

    /// <summary>
    /// The decision for a signal, given the side the strategy holds, the filled quantity it holds (signed), the
    /// account's net quantity of that instrument and product (signed: a square-off outside the strategy may have
    /// closed it), the entry size, and whether an order of the strategy is still working.
    /// </summary>
    public static SignalPlan For(Signal signal, StrategyPosition position, int netQuantity, int heldAtBroker, int entryQuantity, bool working)
    {
        switch (signal)
        {
            case Signal.EnterLong or Signal.EnterShort when position == StrategyPosition.Flat:
                if (working) return Skip(position, "Skipped: an earlier order of this strategy is still working.");
                return signal == Signal.EnterLong
                    ? new(OrderSide.Buy, entryQuantity, false, StrategyPosition.Long, $"Buy {entryQuantity} to go long.")
                    : new(OrderSide.Sell, entryQuantity, false, StrategyPosition.Short, $"Sell {entryQuantity} to go short.");
            case Signal.Exit when position != StrategyPosition.Flat:
                var sign = position == StrategyPosition.Long ? 1 : -1;
                var held = Math.Max(0, sign * netQuantity);
                var atBroker = Math.Max(0, sign * heldAtBroker);
                var quantity = Math.Min(held, atBroker);
                if (quantity == 0)
                {
                    var why = held == 0 ? (working ? "Exit: the unfilled entry is cancelled." : "Exit: nothing was filled, nothing to close.")
                        : "Exit: the position was already closed outside the strategy (e.g. the intraday square-off).";
                    return new(null, 0, working, StrategyPosition.Flat, why);
                }
                return new(position == StrategyPosition.Long ? OrderSide.Sell : OrderSide.Buy, quantity, working, StrategyPosition.Flat,
                    $"{(position == StrategyPosition.Long ? "Sell" : "Buy")} {quantity} to close.");
            default:
                return Skip(position, "");
        }
    }

    private static SignalPlan Skip(StrategyPosition position, string why) => new(null, 0, false, position, why);

    /// <summary>The side actually held once a working order is given up: what its fills left.</summary>
    public static StrategyPosition Held(int netQuantity) => netQuantity switch { > 0 => StrategyPosition.Long, < 0 => StrategyPosition.Short, _ => StrategyPosition.Flat };
}
