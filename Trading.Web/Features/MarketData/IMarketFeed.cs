namespace Trading.Web.Features.MarketData;

/// <summary>
/// A source of ticks. The feed writes what it receives to <see cref="MarketDataPipeline"/>; subscriptions come from
/// <see cref="FeedSubscriptions"/> as traders open watchlists and strategies need prices.
/// </summary>
public interface IMarketFeed
{
    string Name { get; }
    Task SubscribeAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken = default);
    Task UnsubscribeAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken = default);
    /// <summary>When the last tick arrived; used to tell a stale feed from a quiet market.</summary>
    DateTime? LastTickAt { get; }
    bool IsConnected { get; }
    /// <summary>Why prices are not live and what to do, when the feed cannot fix it alone (e.g. the broker account needs reconnecting).</summary>
    string? Problem => null;
}
