using System.Text.Json;
using StackExchange.Redis;

namespace Trading.Web.Features.MarketData;

/// <summary>Publishes each tick on its instrument's channel, <c>trading:tick:NSE:2885</c>.</summary>
public sealed class RedisTickPublisher(IConnectionMultiplexer redis, TickHub hub, ILogger<RedisTickPublisher> logger) : ITickPublisher
{
    public const string ChannelPrefix = "trading:tick:";

    public async Task PublishAsync(Tick tick, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(ChannelPrefix + tick.Instrument), JsonSerializer.Serialize(tick));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogDebug("Redis unreachable; tick delivered to this instance only");
            await hub.DispatchAsync(tick.Instrument, tick);
        }
    }
}

/// <summary>Delivers ticks published by any instance to this instance's hub.</summary>
public sealed class RedisTickListener(IConnectionMultiplexer redis, TickHub hub, Infrastructure.Jobs.RecurringJobServices jobs)
    : Common.RedisPatternListener(JobName, redis, jobs), Infrastructure.Jobs.IJobDefinition
{
    public static string JobName => "RedisTicks";
    public static Infrastructure.Jobs.JobSchedule DefaultSchedule => ListenerSchedule;

    protected override RedisChannel Pattern { get; } = RedisChannel.Pattern(RedisTickPublisher.ChannelPrefix + "*");

    protected override async Task DeliverAsync(RedisValue message)
    {
        try
        {
            if (JsonSerializer.Deserialize<Tick>(message.ToString()) is { } tick)
            {
                await hub.DispatchAsync(tick.Instrument, tick);
            }
        }
        catch (JsonException)
        {
            Logger.LogWarning("Ignored a malformed tick");
        }
    }
}
