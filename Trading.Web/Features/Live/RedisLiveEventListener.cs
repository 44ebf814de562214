using System.Text.Json;
using StackExchange.Redis;
using Trading.Web.Features.Common;

namespace Trading.Web.Features.Live;

/// <summary>Fans live events published by any instance out to this instance's hub.</summary>
public sealed class RedisLiveEventListener(IConnectionMultiplexer redis, LiveEventHub hub, ILogger<RedisLiveEventListener> logger)
    : RedisPatternListener(redis, logger)
{
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
            logger.LogWarning("Ignored a malformed live event");
            return;
        }
        if (liveEvent is not null)
        {
            await hub.DispatchAsync(liveEvent);
        }
    }
}
