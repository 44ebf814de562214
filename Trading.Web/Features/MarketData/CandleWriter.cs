using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;

namespace Trading.Web.Features.MarketData;

/// <summary>Stores closed 1-minute bars in batches and closes bars of instruments that went quiet.</summary>
public sealed class CandleWriter(
    CandleAggregator aggregator, IDbContextFactory<TradingDbContext> dbFactory, TimeProvider time, ILogger<CandleWriter> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                aggregator.CloseElapsed(time.GetUtcNow().UtcDateTime);
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        await FlushAsync(CancellationToken.None);
    }

    internal async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        var batch = new List<Candle>();
        while (batch.Count < 5_000 && aggregator.Closed.TryRead(out var candle))
        {
            batch.Add(candle);
        }
        if (batch.Count == 0) return 0;
        try
        {
            await UpsertAsync(dbFactory, batch, cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Could not store {Count} candles", batch.Count);
        }
        return batch.Count;
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
