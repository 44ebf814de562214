namespace Trading.Web.Features.Live;

/// <summary>Publishes a per-user live event to every instance's subscribers (Redis) or this instance's (in-process).</summary>
public interface ILiveEventPublisher
{
    Task PublishAsync(LiveEvent liveEvent, CancellationToken cancellationToken = default);
}
