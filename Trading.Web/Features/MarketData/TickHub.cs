using Trading.Web.Features.Common;

namespace Trading.Web.Features.MarketData;

/// <summary>
/// This instance's tick subscribers, by instrument. When the first subscriber of an instrument arrives the feed is
/// asked to stream it; when the last one leaves, to stop.
/// </summary>
public sealed class TickHub(ILogger<TickHub> logger) : KeyedHub<InstrumentKey, Tick>(logger)
{
    /// <summary>Raised with (instrument, subscriber count) after every subscribe and unsubscribe.</summary>
    public event Action<InstrumentKey, int>? SubscribersChanged;

    protected override void OnSubscribersChanged(InstrumentKey key, int count) => SubscribersChanged?.Invoke(key, count);
}
