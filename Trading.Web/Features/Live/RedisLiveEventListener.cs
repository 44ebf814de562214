using System.Text.Json;
using StackExchange.Redis;
using Trading.Web.Features.Common;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Live;

/// <summary>Fans live events published by any instance out to this instance's hub.</summary>
public sealed class RedisLiveEventListener(IConnectionMultiplexer redis, LiveEventHub hub, RecurringJobServices jobs)
    : RedisPatternListener(JobName, redis, jobs), IJobDefinition
{
    public static string JobName => "RedisLiveEvents";
    public static JobSchedule DefaultSchedule => ListenerSchedule;

    protected override RedisChannel Pattern { get; } = RedisChannel.Pattern(RedisLiveEventPublisher.ChannelPrefix + "*");

    protected override async Task DeliverAsync(RedisValue message)
    {
        LiveEvent? liveEvent;
        try
        {
            liveEvent = JsonSerializer.Deserialize<LiveEvent>(message.ToString());
        }
        catch (JsonException)
        {
            Logger.LogWarning("Ignored a malformed live event");
            return;
        }
        if (liveEvent is not null)
        {
            await hub.DispatchAsync(liveEvent);
        }
    }
}
