using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Trading.Web.Features.MarketData;

/// <summary>
/// Where feeds put ticks. One consumer updates the LTP cache, publishes the tick to subscribers and feeds the candle
/// aggregator, in arrival order. Under overload the oldest ticks are dropped: a newer price supersedes them.
/// </summary>
public sealed class MarketDataPipeline(
    ILtpCache cache, ITickPublisher publisher, CandleAggregator candles, TimeProvider time, ILogger<MarketDataPipeline> logger)
    : BackgroundService
{
    private readonly Channel<Tick> _ticks = Channel.CreateBounded<Tick>(new BoundedChannelOptions(50_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });
    private readonly ConcurrentDictionary<InstrumentKey, DateTime> _lastTickAt = new();
    private long _processed;

    public long Processed => Interlocked.Read(ref _processed);

    public bool TryWrite(Tick tick) => _ticks.Writer.TryWrite(tick);

    public ValueTask WriteAsync(Tick tick, CancellationToken cancellationToken = default) => _ticks.Writer.WriteAsync(tick, cancellationToken);

    /// <summary>When this instance last processed a tick of the instrument (its own clock, UTC).</summary>
    public DateTime? LastTickAt(InstrumentKey instrument) => _lastTickAt.TryGetValue(instrument, out var at) ? at : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var tick in _ticks.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await ProcessAsync(tick, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A cache or Redis hiccup must not stop the feed; the next tick carries a newer price anyway.
                logger.LogWarning(ex, "Could not process a tick for {Instrument}", tick.Instrument);
            }
        }
    }

    public async Task ProcessAsync(Tick tick, CancellationToken cancellationToken)
    {
        _lastTickAt[tick.Instrument] = time.GetUtcNow().UtcDateTime;
        candles.Add(tick);
        await cache.SetAsync(tick, cancellationToken);
        await publisher.PublishAsync(tick, cancellationToken);
        Interlocked.Increment(ref _processed);
    }
}
