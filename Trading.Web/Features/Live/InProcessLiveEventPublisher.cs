namespace Trading.Web.Features.Live;

/// <summary>The embedded default: events reach only this instance's circuits.</summary>
public sealed class InProcessLiveEventPublisher(LiveEventHub hub) : ILiveEventPublisher
{
    public Task PublishAsync(LiveEvent liveEvent, CancellationToken cancellationToken = default) => hub.DispatchAsync(liveEvent);
}
