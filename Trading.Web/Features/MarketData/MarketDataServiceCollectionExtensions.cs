using Microsoft.Extensions.Options;

namespace Trading.Web.Features.MarketData;

public static class MarketDataServiceCollectionExtensions
{
    /// <summary>
    /// Market data: the feed chosen by <c>MarketData:Feed</c>, the tick pipeline (LTP cache, per-instrument live
    /// ticks, 1-minute candles), instruments and the market calendar. Redis backs the cache and tick fan-out when set.
    /// </summary>
    public static IServiceCollection AddMarketData(this IServiceCollection services, IConfiguration configuration, bool useRedis)
    {
        services.AddOptions<MarketDataOptions>().BindConfiguration(MarketDataOptions.Section);
        services.AddOptions<MarketCalendarOptions>().BindConfiguration(MarketCalendarOptions.Section);
        services.AddSingleton<MarketCalendar>();
        services.AddSingleton<TickHub>();
        services.AddScoped<CircuitTicks>();
        services.AddSingleton<CandleAggregator>();
        services.AddSingleton<MarketDataPipeline>();
        services.AddHostedService(sp => sp.GetRequiredService<MarketDataPipeline>());
        services.AddHostedService<CandleWriter>();
        services.AddSingleton<InstrumentImporter>();
        services.AddSingleton<InstrumentSearch>();
        services.AddSingleton<InstrumentCatalog>();
        services.AddSingleton<CandleHistoryImporter>();
        services.AddHttpClient(InstrumentMasterRefresh.HttpClientName, c => c.Timeout = TimeSpan.FromMinutes(2));
        services.AddSingleton<InstrumentMasterRefresh>();
        services.AddHostedService(sp => sp.GetRequiredService<InstrumentMasterRefresh>());

        if (useRedis)
        {
            services.AddSingleton<ILtpCache, RedisLtpCache>();
            services.AddSingleton<ITickPublisher, RedisTickPublisher>();
            services.AddHostedService<RedisTickListener>();
        }
        else
        {
            services.AddSingleton<ILtpCache, MemoryLtpCache>();
            services.AddSingleton<ITickPublisher, InProcessTickPublisher>();
        }

        var feed = configuration[$"{MarketDataOptions.Section}:Feed"] ?? "Simulated";
        if (feed.Equals("AngelOne", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<Broker.AngelOne.AngelOneMarketFeed>();
            services.AddSingleton<IMarketFeed>(sp => sp.GetRequiredService<Broker.AngelOne.AngelOneMarketFeed>());
            services.AddHostedService(sp => sp.GetRequiredService<Broker.AngelOne.AngelOneMarketFeed>());
        }
        else if (feed.Equals("None", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IMarketFeed, NoMarketFeed>();
        }
        else
        {
            services.AddSingleton<SimulatedMarketFeed>();
            services.AddSingleton<IMarketFeed>(sp => sp.GetRequiredService<SimulatedMarketFeed>());
            services.AddHostedService(sp => sp.GetRequiredService<SimulatedMarketFeed>());
        }
        services.AddSingleton<FeedSubscriptions>();
        services.AddHostedService(sp => sp.GetRequiredService<FeedSubscriptions>());
        services.AddHealthChecks().AddCheck<MarketFeedHealthCheck>("market-feed", Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
        return services;
    }
}
