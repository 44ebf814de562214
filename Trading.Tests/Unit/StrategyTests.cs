using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Strategies;
using Trading.Web.Features.Strategies.BuiltIn;

namespace Trading.Tests.Unit;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class StrategyParameterTests
{
    [Fact]
    public void Values_are_checked_against_the_schema_server_side_and_missing_ones_take_the_default()
    {
        var (ok, none) = StrategyParameters.Parse(RsiMeanReversion.Schema, new Dictionary<string, string?> { ["period"] = "10", ["oversold"] = "25.5" });
        Assert.Empty(none);
        Assert.Equal((10m, 25.5m, 70m, 50m), (ok!["period"], ok["oversold"], ok["overbought"], ok["exit"]));

        var (bad, errors) = StrategyParameters.Parse(RsiMeanReversion.Schema, new Dictionary<string, string?>
        {
            ["period"] = "1", ["oversold"] = "25.3", ["overbought"] = "abc", ["exit"] = "50", ["leverage"] = "10",
        });
        Assert.Null(bad);
        Assert.Equal("RSI period must be between 2 and 50.", errors["period"]);
        Assert.Equal("Oversold below goes in steps of 0.5 from 5.", errors["oversold"]);
        Assert.Equal("Overbought above must be a number.", errors["overbought"]);
        Assert.Equal("leverage is not a parameter of this strategy.", errors["leverage"]);
        Assert.False(errors.ContainsKey("exit"));
    }

    [Fact]
    public void Rules_across_parameters_are_checked_too()
    {
        var (p, _) = StrategyParameters.Parse(MovingAverageCrossover.Schema, new Dictionary<string, string?> { ["fast"] = "21", ["slow"] = "9" });
        Assert.Equal("The fast EMA must be shorter than the slow one.", MovingAverageCrossover.Check(p!));
        var (defaults, _) = StrategyParameters.Parse(MovingAverageCrossover.Schema, new Dictionary<string, string?>());
        Assert.Null(MovingAverageCrossover.Check(defaults!));
    }
}

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class BuiltInCatalogTests
{
    [Fact]
    public void Every_built_in_builds_from_its_defaults_and_refuses_what_its_schema_refuses()
    {
        Assert.Equal(["rsi-mean-reversion", "momentum-roc", "ema-crossover", "bollinger-reversion", "opening-range-breakout"], BuiltInStrategies.All.Select(d => d.Key));
        foreach (var definition in BuiltInStrategies.All)
        {
            var (strategy, errors) = definition.Build(new Dictionary<string, string?>());
            Assert.True(strategy is not null, $"{definition.Key}: {string.Join(", ", errors.Values)}");
            Assert.All(definition.Schema, s => Assert.InRange(s.Default, s.Min, s.Max));
            Assert.DoesNotContain("%", definition.Name); // no return figures in a listing
        }
        var (none, problems) = BuiltInStrategies.Find("ema-crossover")!.Build(new Dictionary<string, string?> { ["fast"] = "30", ["slow"] = "20" });
        Assert.Null(none);
        Assert.Equal("The fast EMA must be shorter than the slow one.", problems[""]);
        Assert.Equal("Exit by (IST) must be a time like 15:00.", BuiltInStrategies.Find("opening-range-breakout")!.Build(new Dictionary<string, string?> { ["exitAt"] = "3pm" }).Errors["exitAt"]);
        Assert.Equal("Exit by (IST) must be between 10:00 and 15:15.", BuiltInStrategies.Find("opening-range-breakout")!.Build(new Dictionary<string, string?> { ["exitAt"] = "15:20" }).Errors["exitAt"]);
    }
}

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class BuiltInStrategyTests
{
    private static readonly DateTime T0 = new(2026, 12, 2, 3, 45, 0, DateTimeKind.Utc);

    private static IEnumerable<Bar> Bars(params decimal[] closes) => closes.Select((c, i) => new Bar(T0.AddMinutes(i), c, c, c, c, 100));

    /// <summary>Runs the strategy as the engine does: the position follows its own signals.</summary>
    private static List<(int Bar, Signal Signal)> Run(IStrategy strategy, IEnumerable<Bar> bars)
    {
        var position = StrategyPosition.Flat;
        var signals = new List<(int, Signal)>();
        var i = 0;
        foreach (var bar in bars)
        {
            var signal = strategy.OnBar(bar, position);
            if (signal != Signal.None) signals.Add((i, signal));
            position = signal switch
            {
                Signal.EnterLong => StrategyPosition.Long,
                Signal.EnterShort => StrategyPosition.Short,
                Signal.Exit => StrategyPosition.Flat,
                _ => position,
            };
            i++;
        }
        return signals;
    }

    private static StrategyParameters Params(IReadOnlyList<ParameterSpec> schema, params (string Name, string Value)[] values) =>
        StrategyParameters.Parse(schema, values.ToDictionary(v => v.Name, v => (string?)v.Value)).Parameters!;

    [Fact]
    public void Rsi_mean_reversion_buys_oversold_and_exits_at_the_middle()
    {
        // RSI(2), oversold 30, overbought 70, exit 50. Closes 10, 11, 12 (two gains: RSI 100 > 70 → short at bar 2);
        // 11 loses 1: avg gain (1·1 + 0)/2 = 0.5, avg loss (0 + 1)/2 = 0.5 → RSI 50 ≤ 50 → exit at bar 3;
        // 9: avg gain 0.25, avg loss (0.5 + 2)/2 = 1.25 → RSI 16.67 < 30 → long at bar 4; 12: gain 3 → avg gain 1.625,
        // loss 0.625 → RSI 72.2 ≥ 50 → exit at bar 5.
        var strategy = new RsiMeanReversion(Params(RsiMeanReversion.Schema, ("period", "2")));
        Assert.Equal(3, strategy.WarmUpBars);
        Assert.Equal([(2, Signal.EnterShort), (3, Signal.Exit), (4, Signal.EnterLong), (5, Signal.Exit)], Run(strategy, Bars(10, 11, 12, 11, 9, 12)));
    }

    [Fact]
    public void Momentum_enters_past_the_threshold_and_exits_when_it_fades()
    {
        // ROC(2), threshold 1%: 102 vs 100 = +2% → long (bar 2); 103 vs 100 = +3% holds; 101 vs 102 = −0.98% ≤ 0 → exit (bar 4);
        // 98 vs 103 = −4.85% → short (bar 5); 100 vs 101 = −0.99% holds; 102 vs 98 = +4.08% ≥ 0 → exit (bar 7).
        var strategy = new Momentum(Params(Momentum.Schema, ("period", "2"), ("threshold", "1")));
        Assert.Equal([(2, Signal.EnterLong), (4, Signal.Exit), (5, Signal.EnterShort), (7, Signal.Exit)], Run(strategy, Bars(100, 100, 102, 103, 101, 98, 100, 102)));
    }

    [Fact]
    public void Bollinger_reversion_buys_below_the_lower_band_and_exits_at_the_middle()
    {
        // Period 5, width 1. Five closes of 10: bands all at 10, nothing. Then 8: window 10, 10, 10, 10, 8 → mean 9.6,
        // population variance (4 × 0.16 + 2.56) / 5 = 0.64, SD 0.8, lower band 8.8 → 8 is below: long (bar 5).
        // Then 10: mean 9.6 again, 10 ≥ the middle → exit (bar 6).
        var strategy = new BollingerReversion(Params(BollingerReversion.Schema, ("period", "5"), ("width", "1")));
        Assert.Equal([(5, Signal.EnterLong), (6, Signal.Exit)], Run(strategy, Bars(10, 10, 10, 10, 10, 8, 10)));
    }

    [Fact]
    public void Opening_range_breakout_trades_once_a_day_and_exits_by_the_set_time()
    {
        static Bar At(int day, int hour, int minute, decimal high, decimal low, decimal close) =>
            new(new DateTimeOffset(2026, 12, day, hour, minute, 0, TimeSpan.FromHours(5.5)).UtcDateTime, close, high, low, close, 100);
        Bar[] bars =
        [
            At(2, 9, 15, 101, 99, 100), At(2, 9, 20, 102, 98, 100), At(2, 9, 29, 101, 99, 100), // range 98–102 (first 15 minutes)
            At(2, 9, 30, 101.5m, 100, 101),  // inside: nothing
            At(2, 9, 31, 103.5m, 101, 103),  // closes above 102: long (bar 4)
            At(2, 9, 32, 103, 96, 97),       // below the range, but it already trades today: nothing
            At(2, 15, 0, 97, 96, 96.5m),     // the exit time: exit (bar 6)
            At(3, 9, 15, 100, 95, 97), At(3, 9, 30, 96, 93, 94), // the next day: its own range 95–100; 94 below: short (bar 8)
        ];
        var strategy = new OpeningRangeBreakout(Params(OpeningRangeBreakout.Schema, ("minutes", "15"), ("exitAt", "15:00")));
        Assert.Equal([(4, Signal.EnterLong), (6, Signal.Exit), (8, Signal.EnterShort)], Run(strategy, bars));
    }

    [Fact]
    public void Moving_average_crossover_enters_on_a_cross_and_reverses_through_an_exit()
    {
        // EMA(2) vs EMA(3). Rising 1..5 keeps fast above slow from the start (no cross, no trade); the fall to 1 crosses
        // fast below slow: flat → short. The climb back crosses above: exit the short, then long on the next bar.
        var strategy = new MovingAverageCrossover(Params(MovingAverageCrossover.Schema, ("fast", "2"), ("slow", "3")));
        var signals = Run(strategy, Bars(1, 2, 3, 4, 5, 1, 1, 1, 6, 7, 8));
        Assert.Equal([(5, Signal.EnterShort), (8, Signal.Exit), (9, Signal.EnterLong)], signals);
    }
}
