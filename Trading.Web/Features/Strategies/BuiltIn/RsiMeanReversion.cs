using Trading.Data.Entities;
using Trading.Web.Features.Strategies.Indicators;

namespace Trading.Web.Features.Strategies.BuiltIn;

/// <summary>
/// RSI mean reversion: buy when RSI(period) closes below the oversold level, sell short when it closes above the
/// overbought level; exit a long when RSI comes back up to the exit level, a short when it comes back down to it.
/// </summary>
public sealed class RsiMeanReversion(StrategyParameters p) : IStrategy
{
    public static readonly IReadOnlyList<ParameterSpec> Schema =
    [
        new("period", "RSI period", ParameterType.Integer, 2, 50, 1, 14, "Bars in Wilder's RSI."),
        new("oversold", "Oversold below", ParameterType.Decimal, 5, 45, 0.5m, 30, "Buy when RSI closes below this."),
        new("overbought", "Overbought above", ParameterType.Decimal, 55, 95, 0.5m, 70, "Sell short when RSI closes above this."),
        new("exit", "Exit at", ParameterType.Decimal, 30, 70, 0.5m, 50, "Close the position when RSI gets back to this level."),
    ];

    private readonly Rsi _rsi = new(p.Int("period"));
    private readonly double _oversold = (double)p["oversold"], _overbought = (double)p["overbought"], _exit = (double)p["exit"];

    public int WarmUpBars { get; } = p.Int("period") + 1;

    public Signal OnBar(Bar bar, StrategyPosition position)
    {
        if (_rsi.Next(bar.CloseValue) is not { } rsi) return Signal.None;
        return position switch
        {
            StrategyPosition.Flat when rsi < _oversold => Signal.EnterLong,
            StrategyPosition.Flat when rsi > _overbought => Signal.EnterShort,
            StrategyPosition.Long when rsi >= _exit => Signal.Exit,
            StrategyPosition.Short when rsi <= _exit => Signal.Exit,
            _ => Signal.None,
        };
    }
}
