using Trading.Data.Entities;
using Trading.Web.Features.Strategies.Indicators;

namespace Trading.Web.Features.Strategies.BuiltIn;

/// <summary>
/// Momentum: buys when the rate of change over <c>period</c> bars rises above +threshold %, sells short below
/// −threshold %; exits when the momentum fades back through zero.
/// </summary>
public sealed class Momentum(StrategyParameters p) : IStrategy
{
    public static readonly IReadOnlyList<ParameterSpec> Schema =
    [
        new("period", "ROC period", ParameterType.Integer, 2, 200, 1, 10, "Bars the rate of change looks back."),
        new("threshold", "Threshold %", ParameterType.Decimal, 0.1m, 20, 0.1m, 1, "Enter when the move over the period is larger than this."),
    ];

    private readonly Roc _roc = new(p.Int("period"));
    private readonly double _threshold = (double)p["threshold"];

    public int WarmUpBars { get; } = p.Int("period") + 1;

    public Signal OnBar(Bar bar, StrategyPosition position)
    {
        if (_roc.Next(bar.CloseValue) is not { } roc) return Signal.None;
        return position switch
        {
            StrategyPosition.Flat when roc > _threshold => Signal.EnterLong,
            StrategyPosition.Flat when roc < -_threshold => Signal.EnterShort,
            StrategyPosition.Long when roc <= 0 => Signal.Exit,
            StrategyPosition.Short when roc >= 0 => Signal.Exit,
            _ => Signal.None,
        };
    }
}
