using System.Text.Json;
using StackExchange.Redis;

namespace Trading.Web.Features.Live;

/// <summary>
/// One pattern subscription per instance; fans Redis messages out to this instance's hub.
/// Keeps trying while Redis is down at start-up; once subscribed, the multiplexer restores it after reconnects.
/// </summary>
public sealed class RedisLiveEventListener(IConnectionMultiplexer redis, LiveEventHub hub, ILogger<RedisLiveEventListener> logger)
    : BackgroundService
{
    private static readonly RedisChannel Pattern = RedisChannel.Pattern(RedisLiveEventPublisher.ChannelPrefix + "*");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(Pattern, (channel, message) => { _ = DeliverAsync(message); });
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning("Cannot subscribe to live events on Redis yet ({Message}); retrying", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(Pattern);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Shutting down anyway.
        }
    }

    private async Task DeliverAsync(RedisValue message)
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
