using Trading.Data.Entities;
using Trading.Web.Features.Strategies.Indicators;

namespace Trading.Web.Features.Strategies.BuiltIn;

/// <summary>
/// Moving-average crossover: enters long when the fast EMA crosses above the slow one, short when it crosses below. A
/// cross against the position exits it, and the next bar enters the new side if the cross still holds (one signal a bar).
/// </summary>
public sealed class MovingAverageCrossover(StrategyParameters p) : IStrategy
{
    public static readonly IReadOnlyList<ParameterSpec> Schema =
    [
        new("fast", "Fast EMA", ParameterType.Integer, 2, 100, 1, 9, "Bars in the fast exponential moving average."),
        new("slow", "Slow EMA", ParameterType.Integer, 3, 400, 1, 21, "Bars in the slow one; must be longer than the fast."),
    ];

    /// <summary>The rule across parameters the schema cannot say: null when they go together.</summary>
    public static string? Check(StrategyParameters p) => p.Int("fast") < p.Int("slow") ? null : "The fast EMA must be shorter than the slow one.";

    private readonly Ema _fast = new(p.Int("fast")), _slow = new(p.Int("slow"));
    private int? _side; // +1 fast above, −1 below, as of the last bar
    private int? _reverseTo; // after an exit on a cross: the side to enter next

    public int WarmUpBars { get; } = p.Int("slow") + 1;

    public Signal OnBar(Bar bar, StrategyPosition position)
    {
        var fast = _fast.Next(bar.CloseValue);
        var slow = _slow.Next(bar.CloseValue);
        if (fast is null || slow is null) return Signal.None;
        var side = Math.Sign(fast.Value - slow.Value);
        var previous = _side;
        if (side != 0) _side = side;
        if (position == StrategyPosition.Flat && _reverseTo is { } reverse)
        {
            _reverseTo = null;
            if (side == reverse) return side > 0 ? Signal.EnterLong : Signal.EnterShort;
        }
        if (previous is null || side == 0 || side == previous) return Signal.None;
        switch (position)
        {
            case StrategyPosition.Flat:
                return side > 0 ? Signal.EnterLong : Signal.EnterShort;
            case StrategyPosition.Long when side < 0:
            case StrategyPosition.Short when side > 0:
                _reverseTo = side;
                return Signal.Exit;
            default:
                return Signal.None;
        }
    }
}
