using StackExchange.Redis;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Common;

/// <summary>
/// One pattern subscription per instance that hands each message to <see cref="DeliverAsync"/>. A run-once job: it
/// keeps trying while Redis is down at start-up; once subscribed, the multiplexer restores the subscription after
/// reconnects.
/// </summary>
public abstract class RedisPatternListener(string name, IConnectionMultiplexer redis, RecurringJobServices jobs) : RecurringJob(name, jobs)
{
    /// <summary>Once, retried every 5 s until Redis answers.</summary>
    public static JobSchedule ListenerSchedule => new() { RetryAfter = TimeSpan.FromSeconds(5), MaxRetryAfter = TimeSpan.FromSeconds(5) };

    protected abstract RedisChannel Pattern { get; }

    protected abstract Task DeliverAsync(RedisValue message);

    protected override Task RunAsync(CancellationToken cancellationToken) =>
        redis.GetSubscriber().SubscribeAsync(Pattern, (channel, message) => { _ = DeliverAsync(message); });

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
