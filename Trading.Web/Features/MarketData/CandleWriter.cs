using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.MarketData;

/// <summary>
/// Stores closed 1-minute bars in batches every couple of seconds and closes bars of instruments that went quiet. Bars
/// a failed write could not store are kept and written with the next run; the last ones are written at shutdown.
/// </summary>
public sealed class CandleWriter(CandleAggregator aggregator, IDbContextFactory<TradingDbContext> dbFactory, RecurringJobServices jobs)
    : RecurringJob(JobName, jobs), IJobDefinition
{
    private const int MaxBatch = 5_000;
    private readonly List<Candle> _pending = [];

    public static string JobName => "CandleFlush";

    public static JobSchedule DefaultSchedule => new() { Every = TimeSpan.FromSeconds(2), RetryAfter = TimeSpan.FromSeconds(2), MaxRetryAfter = TimeSpan.FromMinutes(1) };

    protected override Task RunAsync(CancellationToken cancellationToken)
    {
        aggregator.CloseElapsed(Time.GetUtcNow().UtcDateTime);
        return FlushAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "Could not store the last {Count} candles at shutdown", _pending.Count);
        }
    }

    /// <summary>Writes the bars closed so far (at most <see cref="MaxBatch"/>); throws, keeping them, when the write fails.</summary>
    internal async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        while (_pending.Count < MaxBatch && aggregator.Closed.TryRead(out var candle))
        {
            _pending.Add(candle);
        }
        if (_pending.Count == 0) return 0;
        await UpsertAsync(dbFactory, _pending, cancellationToken);
        var written = _pending.Count;
        _pending.Clear();
        return written;
    }

    /// <summary>Inserts new bars and overwrites ones already stored (e.g. after a restart inside a minute).</summary>
    public static async Task UpsertAsync(IDbContextFactory<TradingDbContext> dbFactory, IReadOnlyList<Candle> candles, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var group in candles.GroupBy(c => (c.Exchange, c.SymbolToken, c.Interval)))
        {
            var times = group.Select(c => c.Time).ToList();
            var existing = await db.Candles
                .Where(c => c.Exchange == group.Key.Exchange && c.SymbolToken == group.Key.SymbolToken && c.Interval == group.Key.Interval && times.Contains(c.Time))
                .ToDictionaryAsync(c => c.Time, cancellationToken);
            foreach (var candle in group.GroupBy(c => c.Time).Select(g => g.Last()))
            {
                if (existing.TryGetValue(candle.Time, out var stored))
                {
                    db.Entry(stored).CurrentValues.SetValues(candle);
                }
                else
                {
                    db.Candles.Add(candle);
                }
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
