using Trading.Web.Features.Common;

namespace Trading.Web.Features.Live;

/// <summary>This instance's live-event subscribers, by user.</summary>
public sealed class LiveEventHub(ILogger<LiveEventHub> logger) : KeyedHub<Guid, LiveEvent>(logger)
{
    public Task DispatchAsync(LiveEvent liveEvent) => DispatchAsync(liveEvent.UserId, liveEvent);
}
