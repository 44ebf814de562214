using StackExchange.Redis;

namespace Trading.Web.Features.Common;

/// <summary>
/// One pattern subscription per instance that hands each message to <see cref="DeliverAsync"/>. Keeps trying while
/// Redis is down at start-up; once subscribed, the multiplexer restores the subscription after reconnects.
/// </summary>
public abstract class RedisPatternListener(IConnectionMultiplexer redis, ILogger logger) : BackgroundService
{
    protected abstract RedisChannel Pattern { get; }

    protected abstract Task DeliverAsync(RedisValue message);

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
                logger.LogWarning("Cannot subscribe to {Pattern} on Redis yet ({Message}); retrying", Pattern.ToString(), ex.Message);
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
}
