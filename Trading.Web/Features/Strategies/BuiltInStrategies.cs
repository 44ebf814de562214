using Trading.Web.Features.Strategies.BuiltIn;

namespace Trading.Web.Features.Strategies;

/// <summary>
/// A built-in strategy as the marketplace lists it: its key, its rules in plain words (white-box), its parameter schema,
/// the checks across parameters, and how to build one. No past or expected returns: those come only from a backtest.
/// </summary>
public sealed record StrategyDefinition(string Key, string Name, string Category, string Rules, IReadOnlyList<ParameterSpec> Schema,
    Func<StrategyParameters, string?> Check, Func<StrategyParameters, IStrategy> Create)
{
    /// <summary>The strategy for these raw values, or the reasons it cannot be built (per field; "" for a rule across fields).</summary>
    public (IStrategy? Strategy, IReadOnlyDictionary<string, string> Errors) Build(IReadOnlyDictionary<string, string?> values)
    {
        var (parameters, errors) = StrategyParameters.Parse(Schema, values);
        if (parameters is null) return (null, errors);
        if (Check(parameters) is { } problem) return (null, new Dictionary<string, string> { [""] = problem });
        return (Create(parameters), errors);
    }
}

public static class BuiltInStrategies
{
    private static string? NoCheck(StrategyParameters _) => null;

    public static readonly IReadOnlyList<StrategyDefinition> All =
    [
        new("rsi-mean-reversion", "RSI mean reversion", "Mean reversion",
            "Buys when Wilder's RSI(period) closes below the oversold level and sells short when it closes above the overbought level; " +
            "closes the position when RSI returns to the exit level.",
            RsiMeanReversion.Schema, NoCheck, p => new RsiMeanReversion(p)),
        new("momentum-roc", "Momentum (rate of change)", "Momentum",
            "Buys when the price has risen more than the threshold % over the period ((close − close n bars ago) / close n bars ago), " +
            "sells short when it has fallen more; exits when the rate of change crosses back through zero.",
            Momentum.Schema, NoCheck, p => new Momentum(p)),
        new("ema-crossover", "Moving-average crossover", "Trend following",
            "Goes long when the fast EMA crosses above the slow EMA and short when it crosses below; a cross against the position " +
            "closes it and takes the other side on the next bar.",
            MovingAverageCrossover.Schema, MovingAverageCrossover.Check, p => new MovingAverageCrossover(p)),
        new("bollinger-reversion", "Bollinger reversion", "Mean reversion",
            "Buys a close below the lower band (SMA − width × population standard deviation) and sells short a close above the upper " +
            "band; exits when the price gets back to the SMA.",
            BollingerReversion.Schema, NoCheck, p => new BollingerReversion(p)),
        new("opening-range-breakout", "Opening-range breakout", "Breakout",
            "Takes the high and low of the first minutes after 09:15 IST; buys a close above that range or sells short a close below " +
            "it, once a day, and closes any position at the exit time.",
            OpeningRangeBreakout.Schema, NoCheck, p => new OpeningRangeBreakout(p)),
    ];

    public static StrategyDefinition? Find(string key) => All.FirstOrDefault(d => d.Key == key);
}
