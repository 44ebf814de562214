using Trading.Web.Infrastructure;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Live;

public static class LiveServiceCollectionExtensions
{
    /// <summary>Per-user live events: Redis pub/sub when Redis is configured, in-process otherwise.</summary>
    public static IHostApplicationBuilder AddLive(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<LiveEventHub>();
        services.AddScoped<CircuitLiveEvents>();
        if (builder.UsesRedis())
        {
            services.AddSingleton<ILiveEventPublisher, RedisLiveEventPublisher>();
            builder.AddRecurringJob<RedisLiveEventListener>();
        }
        else
        {
            services.AddSingleton<ILiveEventPublisher, InProcessLiveEventPublisher>();
        }
        return builder;
    }
}
