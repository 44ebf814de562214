using System.Diagnostics;

namespace Trading.Web.Features.Orders;

/// <summary>How long order placements took on this instance (request to the broker's answer recorded), over the last minutes.</summary>
public sealed class PlacementLatency(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private const int MaxKept = 20_000;
    private readonly Queue<(DateTimeOffset At, double Milliseconds)> _samples = new();

    public void Record(long startedTimestamp)
    {
        var took = Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds;
        var now = time.GetUtcNow();
        lock (_samples)
        {
            _samples.Enqueue((now, took));
            while (_samples.Count > MaxKept || _samples.Count > 0 && _samples.Peek().At < now - Window) _samples.Dequeue();
        }
    }

    /// <summary>Placements in the window, and their median and 95th percentile in milliseconds (nearest rank; none: nulls).</summary>
    public (int Count, double? P50, double? P95) Recent()
    {
        var since = time.GetUtcNow() - Window;
        double[] recent;
        lock (_samples) recent = _samples.Where(s => s.At >= since).Select(s => s.Milliseconds).ToArray();
        return (recent.Length, Percentile(recent, 50), Percentile(recent, 95));
    }

    /// <summary>Nearest-rank percentile: the smallest value with at least <paramref name="percent"/>% of the values at or below it.</summary>
    public static double? Percentile(IReadOnlyCollection<double> values, double percent)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
