namespace Trading.Web.Features.Live;

public static class LiveServiceCollectionExtensions
{
    /// <summary>Redis pub/sub when Redis is configured, in-process otherwise.</summary>
    public static IServiceCollection AddLive(this IServiceCollection services, bool useRedis)
    {
        services.AddSingleton<LiveEventHub>();
        services.AddScoped<CircuitLiveEvents>();
        if (useRedis)
        {
            services.AddSingleton<ILiveEventPublisher, RedisLiveEventPublisher>();
            services.AddHostedService<RedisLiveEventListener>();
        }
        else
        {
            services.AddSingleton<ILiveEventPublisher, InProcessLiveEventPublisher>();
        }
        return services;
    }
}
