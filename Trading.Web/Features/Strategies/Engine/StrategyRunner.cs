using Trading.Data.Entities;

namespace Trading.Web.Features.Strategies.Engine;

/// <summary>
/// One strategy instance on one instrument, fed closed bars in time order. Signals before it has seen its warm-up
/// bars are not acted on. The same runner serves the live engine, the daily replay and backtests.
/// </summary>
public sealed class StrategyRunner(IStrategy strategy)
{
    /// <summary>Stored bars fed before the first live one: enough for the indicators to settle and for a whole session (opening ranges).</summary>
    public static int WarmUpWindow(IStrategy strategy) => Math.Max(strategy.WarmUpBars * 4, 400);

    public IStrategy Strategy { get; } = strategy;
    public DateTime? FedThrough { get; private set; }
    public int BarsSeen { get; private set; }
    public bool Ready => BarsSeen >= Strategy.WarmUpBars;

    /// <summary>Feeds a bar; the signal if it is a new bar and the runner is warmed up, else <see cref="Signal.None"/>.</summary>
    public Signal Feed(Bar bar, StrategyPosition position)
    {
        if (FedThrough is { } last && bar.Time <= last) return Signal.None;
        FedThrough = bar.Time;
        BarsSeen++;
        var signal = Strategy.OnBar(bar, position);
        return Ready ? signal : Signal.None;
    }

    /// <summary>Bars of the past that only warm the indicators: no signal counts.</summary>
    public void WarmUp(IEnumerable<Bar> bars, StrategyPosition position)
    {
        foreach (var bar in bars)
        {
            if (FedThrough is { } last && bar.Time <= last) continue;
            FedThrough = bar.Time;
            BarsSeen++;
            Strategy.OnBar(bar, position);
        }
    }
}
