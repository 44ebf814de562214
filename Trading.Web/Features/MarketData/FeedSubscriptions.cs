using System.Collections.Concurrent;

namespace Trading.Web.Features.MarketData;

/// <summary>
/// Keeps the feed subscribed to exactly what this instance needs: instruments someone watches (tick hub
/// subscribers) plus pinned ones (e.g. open positions, running strategies). An instrument nobody needs any more is
/// dropped after a grace period, so moving between pages does not churn subscriptions.
/// </summary>
public sealed class FeedSubscriptions : IHostedService
{
    private readonly IMarketFeed _feed;
    private readonly TickHub _hub;
    private readonly TimeProvider _time;
    private readonly ILogger<FeedSubscriptions> _logger;
    private readonly ConcurrentDictionary<InstrumentKey, int> _pins = new();
    private readonly ConcurrentDictionary<InstrumentKey, byte> _subscribed = new();

    public FeedSubscriptions(IMarketFeed feed, TickHub hub, TimeProvider time, ILogger<FeedSubscriptions> logger)
    {
        _feed = feed;
        _hub = hub;
        _time = time;
        _logger = logger;
        _hub.SubscribersChanged += OnSubscribersChanged;
    }

    public TimeSpan UnsubscribeGrace { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyCollection<InstrumentKey> Subscribed => _subscribed.Keys.ToArray();

    /// <summary>Keeps an instrument streaming until the returned lease is disposed.</summary>
    public IDisposable Pin(InstrumentKey instrument)
    {
        _pins.AddOrUpdate(instrument, 1, (_, n) => n + 1);
        Ensure(instrument);
        return new Lease(() =>
        {
            _pins.AddOrUpdate(instrument, 0, (_, n) => Math.Max(0, n - 1));
            ScheduleRelease(instrument);
        });
    }

    private void OnSubscribersChanged(InstrumentKey instrument, int count)
    {
        if (count > 0) Ensure(instrument);
        else ScheduleRelease(instrument);
    }

    private bool Needed(InstrumentKey instrument) =>
        _hub.SubscriberCount(instrument) > 0 || _pins.GetValueOrDefault(instrument) > 0;

    private void Ensure(InstrumentKey instrument)
    {
        if (_subscribed.TryAdd(instrument, 0))
        {
            _ = RunAsync(() => _feed.SubscribeAsync([instrument]), "subscribe", instrument);
        }
    }

    private void ScheduleRelease(InstrumentKey instrument)
    {
        _ = Task.Run(async () =>
        {
            await Task.Delay(UnsubscribeGrace, _time);
            if (!Needed(instrument) && _subscribed.TryRemove(instrument, out _))
            {
                await RunAsync(() => _feed.UnsubscribeAsync([instrument]), "unsubscribe", instrument);
            }
        });
    }

    private async Task RunAsync(Func<Task> action, string what, InstrumentKey instrument)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Feed {Feed} could not {What} {Instrument}", _feed.Name, what, instrument);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _hub.SubscribersChanged -= OnSubscribersChanged;
        return Task.CompletedTask;
    }

    private sealed class Lease(Action release) : IDisposable
    {
        private int _disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) release();
        }
    }
}
