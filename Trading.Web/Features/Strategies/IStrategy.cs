using Trading.Data.Entities;

namespace Trading.Web.Features.Strategies;

/// <summary>One closed bar (its start time in UTC). <see cref="CloseValue"/> is the close as a double, converted once, for indicators.</summary>
public sealed record Bar(DateTime Time, decimal Open, decimal High, decimal Low, decimal Close, long Volume)
{
    private readonly decimal _close = Close;

    public decimal Close
    {
        get => _close;
        init { _close = value; CloseValue = (double)value; }
    }

    public double CloseValue { get; private init; } = (double)Close;
}

/// <summary>
/// A trading rule fed closed bars, one at a time, returning what to do after each: the same code runs live, on paper
/// and in backtests. A strategy keeps only its indicators' state; the position it is told is the one it holds.
/// </summary>
public interface IStrategy
{
    /// <summary>Bars it needs before its first signal; the engine feeds stored candles first.</summary>
    int WarmUpBars { get; }

    Signal OnBar(Bar bar, StrategyPosition position);
}
