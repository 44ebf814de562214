using System.Text.Json;
using StackExchange.Redis;

namespace Trading.Web.Features.Live;

/// <summary>
/// Publishes on the user's Redis channel so every web instance hears it. If Redis is unreachable the event
/// is still delivered to this instance's circuits: the change itself is already in the database.
/// </summary>
public sealed class RedisLiveEventPublisher(IConnectionMultiplexer redis, LiveEventHub hub, ILogger<RedisLiveEventPublisher> logger)
    : ILiveEventPublisher
{
    public const string ChannelPrefix = "trading:live:";

    public static RedisChannel ChannelFor(Guid userId) => RedisChannel.Literal(ChannelPrefix + userId.ToString("N"));

    public async Task PublishAsync(LiveEvent liveEvent, CancellationToken cancellationToken = default)
    {
        try
        {
            var json = JsonSerializer.Serialize(liveEvent);
            await redis.GetSubscriber().PublishAsync(ChannelFor(liveEvent.UserId), json).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis is unreachable; live event {Topic} delivered to this instance only", liveEvent.Topic);
            await hub.DispatchAsync(liveEvent);
        }
    }
}
