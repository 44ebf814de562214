namespace Trading.Web.Features.Strategies.Backtesting;

/// <summary>Thrown when a strategy's signals change once future bars are removed: it looks ahead, and its backtest means nothing.</summary>
public sealed class LookAheadException(string message) : Exception(message);

/// <summary>
/// Re-runs a fresh strategy on truncated prefixes of the data (a quarter, half, three quarters, and all but the last
/// bar) and compares its signals with the full run's over the same bars: a strategy that peeks at later bars gives a
/// different signal somewhere, and the backtest fails loudly.
/// </summary>
public static class LookAheadGuard
{
    public static void Check(Func<IReadOnlyList<Bar>, IStrategy> create, IReadOnlyList<Bar> bars, CancellationToken cancellationToken = default)
    {
        if (bars.Count < 2) return;
        var full = Backtester.SignalsOnly(create(bars), bars, bars.Count);
        foreach (var cut in new[] { bars.Count / 4, bars.Count / 2, bars.Count * 3 / 4, bars.Count - 1 }.Where(c => c > 0).Distinct())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var prefix = new ArraySegmentList(bars, cut);
            var truncated = Backtester.SignalsOnly(create(prefix), prefix, cut);
            var expected = full.Where(s => s.BarTime <= bars[cut - 1].Time).ToList();
            for (var i = 0; i < Math.Max(expected.Count, truncated.Count); i++)
            {
                var a = i < expected.Count ? expected[i] : default;
                var b = i < truncated.Count ? truncated[i] : default;
                if (a != b)
                {
                    var at = (a.BarTime == default ? b.BarTime : a.BarTime).ToString("yyyy-MM-dd HH:mm 'UTC'");
                    throw new LookAheadException($"Look-ahead detected: with the bars after {bars[cut - 1].Time:yyyy-MM-dd HH:mm} UTC removed, the signal at {at} " +
                        $"changes ({a.Signal} with them, {b.Signal} without). The strategy uses data it could not have had.");
                }
            }
        }
    }

    /// <summary>The first <c>count</c> bars of a list, without copying.</summary>
    private sealed class ArraySegmentList(IReadOnlyList<Bar> bars, int count) : IReadOnlyList<Bar>
    {
        public Bar this[int index] => (uint)index < (uint)count ? bars[index] : throw new ArgumentOutOfRangeException(nameof(index));
        public int Count => count;
        public IEnumerator<Bar> GetEnumerator() { for (var i = 0; i < count; i++) yield return bars[i]; }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
