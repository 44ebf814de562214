using Trading.Tests.Support;
using Trading.Web.Features.Strategies.Indicators;

namespace Trading.Tests.Unit;

/// <summary>Indicators against worked examples (expected values computed in the test) and streaming = batch on long random series.</summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class IndicatorTests
{
    // Wilder's RSI worked example (as StockCharts reproduces it; its table shows 70.53 because it rounds the averages).
    private static readonly double[] Wilder =
    [
        44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.10, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28, 46.00,
    ];

    [Fact]
    public void Rsi_matches_wilders_worked_example()
    {
        var rsi = new Rsi(14);
        var values = Wilder.Select(rsi.Next).ToList();
        Assert.All(values.Take(14), v => Assert.Null(v));
        // The first 14 changes gain 3.34 and lose 1.40 in all: RS = (3.34 / 14) / (1.40 / 14); RSI = 100 − 100 / (1 + RS) = 70.4641.
        double gain = 3.34 / 14, loss = 1.40 / 14;
        Assert.Equal(100 - 100 / (1 + gain / loss), values[14]!.Value, 9);
        Assert.Equal(70.4641, Math.Round(values[14]!.Value, 4));
        // Then 46.28 → 46.00 loses 0.28: gain = 13 × gain / 14, loss = (13 × loss + 0.28) / 14 → 66.2496.
        (gain, loss) = (gain * 13 / 14, (loss * 13 + 0.28) / 14);
        Assert.Equal(100 - 100 / (1 + gain / loss), values[15]!.Value, 9);
        Assert.Equal(66.2496, Math.Round(values[15]!.Value, 4));
    }

    [Fact]
    public void Rsi_edge_cases_only_gains_only_losses_and_flat()
    {
        Assert.Equal(100.0, Last(new Rsi(3), 1, 2, 3, 4, 5, 6));
        Assert.Equal(0.0, Last(new Rsi(3), 6, 5, 4, 3, 2));
        Assert.Equal(50.0, Last(new Rsi(3), 5, 5, 5, 5, 5));
    }

    private static double? Last(Rsi rsi, params double[] closes) => closes.Select(rsi.Next).ToList()[^1];

    [Fact]
    public void Sma_and_ema_are_seeded_as_documented()
    {
        var sma = new Sma(3);
        Assert.Equal([null, null, 2.0, 3.0, 4.0], new[] { 1.0, 2, 3, 4, 5 }.Select(sma.Next).ToArray());
        // EMA(3): k = 0.5, seeded with SMA(1, 2, 3) = 2; then 4 × 0.5 + 2 × 0.5 = 3, then 5 × 0.5 + 3 × 0.5 = 4.
        var ema = new Ema(3);
        Assert.Equal([null, null, 2.0, 3.0, 4.0], new[] { 1.0, 2, 3, 4, 5 }.Select(ema.Next).ToArray());
        // ROC(2): (103 − 100) / 100 × 100 = 3%, then (99 − 101) / 101 × 100 = −1.9802%.
        var roc = new Roc(2);
        var rocs = new[] { 100.0, 101, 103, 99 }.Select(roc.Next).ToArray();
        Assert.Equal((null, null), (rocs[0], rocs[1]));
        Assert.Equal(3.0, rocs[2]!.Value, 12);
        Assert.Equal(-1.9802, Math.Round(rocs[3]!.Value, 4));
    }

    [Fact]
    public void Bollinger_uses_the_population_standard_deviation()
    {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; population variance 32 / 8 = 4 → SD 2
        // (the sample SD would be √(32/7) = 2.138). Bands at 2 SD: 1 and 9.
        var bands = new Bollinger(8, 2);
        foreach (var close in new[] { 2.0, 4, 4, 4, 5, 5, 7, 9 }) bands.Next(close);
        Assert.Equal((5.0, 2.0, 9.0, 1.0), (bands.Middle!.Value, bands.StandardDeviation!.Value, bands.Upper!.Value, bands.Lower!.Value));
    }

    [Fact]
    public void Atr_starts_with_high_minus_low_and_smooths_like_wilder()
    {
        // TR: 10 − 8 = 2 (no previous close); max(3, |12 − 9|, |9 − 9|) = 3; max(2, 2, 0) = 2; max(4, |14 − 12|, |10 − 12|) = 4.
        // ATR(3) = (2 + 3 + 2) / 3 = 7/3, then (7/3 × 2 + 4) / 3 = 26/9.
        var atr = new Atr(3);
        var values = new[] { (10.0, 8.0, 9.0), (12.0, 9.0, 11.0), (13.0, 11.0, 12.0), (14.0, 10.0, 13.0) }.Select(b => atr.Next(b.Item1, b.Item2, b.Item3)).ToArray();
        Assert.Equal((null, null), (values[0], values[1]));
        Assert.Equal(7.0 / 3, values[2]!.Value, 12);
        Assert.Equal(26.0 / 9, values[3]!.Value, 12);
    }

    [Fact]
    public void Vwap_resets_at_each_ist_session()
    {
        var vwap = new Vwap();
        var day1 = new DateTime(2026, 12, 2, 3, 45, 0, DateTimeKind.Utc); // 09:15 IST
        // Typical prices (101 + 99 + 100) / 3 = 100 × 10 and (104 + 100 + 102) / 3 = 102 × 30: (1,000 + 3,060) / 40 = 101.5.
        vwap.Next(day1, 101, 99, 100, 10);
        Assert.Equal(101.5, vwap.Next(day1.AddMinutes(1), 104, 100, 102, 30)!.Value, 12);
        // 18:40 UTC is 00:10 IST the next day: a new session starts from this bar alone.
        Assert.Equal(200.0, vwap.Next(new DateTime(2026, 12, 2, 18, 40, 0, DateTimeKind.Utc), 201, 199, 200, 5)!.Value, 12);
        // The same UTC date but past 18:30 UTC belongs to the next IST day; 18:20 UTC is still the first.
        var sameIstDay = new Vwap();
        sameIstDay.Next(new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc), 100, 100, 100, 10);
        Assert.Equal(150.0, sameIstDay.Next(new DateTime(2026, 12, 2, 18, 20, 0, DateTimeKind.Utc), 200, 200, 200, 10)!.Value, 12);
    }

    [Fact]
    public void Macd_is_fast_minus_slow_with_an_ema_signal()
    {
        // MACD(2, 3, 2) on 1, 2, 4, 8, 16. EMA2 (k = 2/3): seed 1.5, then 4·2/3 + 1.5/3 = 3.1667, 8·2/3 + 3.1667/3 = 6.3889, 16·2/3 + 6.3889/3 = 12.7963.
        // EMA3 (k = 0.5): seed (1 + 2 + 4)/3 = 2.3333, then 5.1667, 10.5833. Lines: 3.1667 − 2.3333 = 0.8333, 6.3889 − 5.1667 = 1.2222,
        // 12.7963 − 10.5833 = 2.2130. Signal EMA2 of the lines: seed (0.8333 + 1.2222)/2 = 1.0278, then 2.2130·2/3 + 1.0278/3 = 1.8179.
        var macd = new Macd(2, 3, 2);
        foreach (var close in new[] { 1.0, 2, 4, 8, 16 }) macd.Next(close);
        double Ema2(double price, double previous) => price * 2 / 3 + previous / 3;
        var fast = Ema2(16, Ema2(8, Ema2(4, 1.5)));
        var slow = (16 + (8 + 7.0 / 3) / 2) / 2;
        var lines = new[] { Ema2(4, 1.5) - 7.0 / 3, Ema2(8, Ema2(4, 1.5)) - (8 + 7.0 / 3) / 2, fast - slow };
        var signal = Ema2(lines[2], (lines[0] + lines[1]) / 2);
        Assert.Equal(fast - slow, macd.Line!.Value, 10);
        Assert.Equal(signal, macd.Signal!.Value, 10);
        Assert.Equal(2.2130, Math.Round(macd.Line!.Value, 4));
        Assert.Equal(1.8179, Math.Round(macd.Signal!.Value, 4));
        Assert.Equal(fast - slow - signal, macd.Histogram!.Value, 10);
    }

    [Fact]
    public void Streaming_values_equal_batch_recomputation_on_a_long_random_series()
    {
        var random = new Random(20261202);
        var closes = new List<double> { 1000 };
        for (var i = 1; i < 3000; i++) closes.Add(Math.Max(1, Math.Round(closes[^1] * (1 + (random.NextDouble() - 0.5) * 0.02), 2)));
        const int n = 14;
        var sma = new Sma(n);
        var ema = new Ema(n);
        var rsi = new Rsi(n);
        var bands = new Bollinger(20, 2);
        double? batchEma = null;
        for (var i = 0; i < closes.Count; i++)
        {
            var s = sma.Next(closes[i]);
            var e = ema.Next(closes[i]);
            var r = rsi.Next(closes[i]);
            bands.Next(closes[i]);
            // Batch: each value from the history alone, recomputed from scratch (to 1e-9: the running sums may differ in the last bits).
            var history = closes.Take(i + 1).ToList();
            if (i + 1 >= n) Assert.Equal(history.TakeLast(n).Average(), s!.Value, 9);
            else Assert.Null(s);
            if (i + 1 == n) batchEma = history.Average();
            else if (i + 1 > n) batchEma = closes[i] * (2.0 / (n + 1)) + batchEma!.Value * (1 - 2.0 / (n + 1));
            if (batchEma is { } be) Assert.Equal(be, e!.Value, 9);
            else Assert.Null(e);
            if (i % 97 == 0 || i == closes.Count - 1)
            {
                if (BatchRsi(history, n) is { } br) Assert.Equal(br, r!.Value, 9);
                else Assert.Null(r);
                if (i + 1 >= 20)
                {
                    var window = history.TakeLast(20).ToList();
                    var mean = window.Average();
                    var sd = Math.Sqrt(window.Sum(v => (v - mean) * (v - mean)) / 20);
                    Assert.Equal(mean, bands.Middle!.Value, 9);
                    Assert.Equal(sd, bands.StandardDeviation!.Value, 9);
                }
            }
        }
    }

    private static double? BatchRsi(IReadOnlyList<double> closes, int n)
    {
        if (closes.Count <= n) return null;
        var changes = closes.Zip(closes.Skip(1), (a, b) => b - a).ToList();
        var gain = changes.Take(n).Sum(c => Math.Max(c, 0)) / n;
        var loss = changes.Take(n).Sum(c => Math.Max(-c, 0)) / n;
        foreach (var c in changes.Skip(n))
        {
            gain = (gain * (n - 1) + Math.Max(c, 0)) / n;
            loss = (loss * (n - 1) + Math.Max(-c, 0)) / n;
        }
        return (gain, loss) switch { (0, 0) => 50, (_, 0) => 100, _ => 100 - 100 / (1 + gain / loss) };
    }
}
