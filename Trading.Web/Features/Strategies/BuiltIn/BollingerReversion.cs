using Trading.Data.Entities;
using Trading.Web.Features.Strategies.Indicators;

namespace Trading.Web.Features.Strategies.BuiltIn;

/// <summary>
/// Bollinger reversion: buys a close below the lower band, sells short a close above the upper band, and exits when the
/// price gets back to the middle band (the SMA).
/// </summary>
public sealed class BollingerReversion(StrategyParameters p) : IStrategy
{
    public static readonly IReadOnlyList<ParameterSpec> Schema =
    [
        new("period", "Band period", ParameterType.Integer, 5, 200, 1, 20, "Bars in the moving average and the standard deviation."),
        new("width", "Width (standard deviations)", ParameterType.Decimal, 0.5m, 4, 0.1m, 2, "How far the bands sit from the average."),
    ];

    private readonly Bollinger _bands = new(p.Int("period"), (double)p["width"]);

    public int WarmUpBars { get; } = p.Int("period");

    public Signal OnBar(Bar bar, StrategyPosition position)
    {
        var close = bar.CloseValue;
        _bands.Next(close);
        if (_bands.Middle is not { } middle) return Signal.None;
        return position switch
        {
            StrategyPosition.Flat when close < _bands.Lower => Signal.EnterLong,
            StrategyPosition.Flat when close > _bands.Upper => Signal.EnterShort,
            StrategyPosition.Long when close >= middle => Signal.Exit,
            StrategyPosition.Short when close <= middle => Signal.Exit,
            _ => Signal.None,
        };
    }
}
