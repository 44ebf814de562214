using Trading.Web.Infrastructure;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.MarketData;

public static class MarketDataServiceCollectionExtensions
{
    /// <summary>
    /// Market data: the simulated feed or none (<c>MarketData:Feed</c>; the Angel One feed is the Broker feature's),
    /// the tick pipeline (LTP cache, per-instrument live ticks, 1-minute candles), instruments (with their writes by
    /// database) and the market calendar. Redis backs the cache and tick fan-out when configured.
    /// </summary>
    public static IHostApplicationBuilder AddMarketData(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MarketDataOptions>().BindConfiguration(MarketDataOptions.Section);
        services.AddOptions<MarketCalendarOptions>().BindConfiguration(MarketCalendarOptions.Section);
        services.AddSingleton<MarketCalendar>();
        services.AddSingleton<TickHub>();
        services.AddScoped<CircuitTicks>();
        services.AddSingleton<CandleAggregator>();
        services.AddSingleton<MarketDataPipeline>();
        services.AddHostedService(sp => sp.GetRequiredService<MarketDataPipeline>());
        builder.AddRecurringJob<CandleWriter>();
        builder.AddRecurringJob<DemoCandleHistoryJob>();
        builder.AddForDatabase<IInstrumentWrites, PostgresInstrumentWrites, EfInstrumentWrites>();
        services.AddSingleton<InstrumentImporter>();
        services.AddSingleton<InstrumentSearch>();
        services.AddSingleton<InstrumentCatalog>();
        services.AddSingleton<CandleHistoryImporter>();
        services.AddHttpClient(InstrumentMasterRefresh.HttpClientName, c => c.Timeout = TimeSpan.FromMinutes(2));
        services.AddSingleton<InstrumentMasterRefresh>();
        builder.AddRecurringJob<InstrumentRefreshJob>();

        if (builder.UsesRedis())
        {
            services.AddSingleton<ILtpCache, RedisLtpCache>();
            services.AddSingleton<ITickPublisher, RedisTickPublisher>();
            builder.AddRecurringJob<RedisTickListener>();
        }
        else
        {
            services.AddSingleton<ILtpCache, MemoryLtpCache>();
            services.AddSingleton<ITickPublisher, InProcessTickPublisher>();
        }

        switch (builder.MarketFeed())
        {
            case MarketFeedKind.Simulated:
                builder.AddRecurringJob<SimulatedMarketFeed>();
                services.AddSingleton<IMarketFeed>(sp => sp.GetRequiredService<SimulatedMarketFeed>());
                break;
            case MarketFeedKind.None:
                services.AddSingleton<IMarketFeed, NoMarketFeed>();
                break;
        }
        services.AddSingleton<FeedSubscriptions>();
        services.AddHostedService(sp => sp.GetRequiredService<FeedSubscriptions>());
        services.AddHealthChecks().AddCheck<MarketFeedHealthCheck>("market-feed", Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
        return builder;
    }

    /// <summary>Which feed this instance runs, from <c>MarketData:Feed</c> (Simulated when unset).</summary>
    public static MarketFeedKind MarketFeed(this IHostApplicationBuilder builder)
    {
        var value = builder.Configuration[$"{MarketDataOptions.Section}:Feed"];
        if (string.IsNullOrWhiteSpace(value)) return MarketFeedKind.Simulated;
        return Enum.TryParse<MarketFeedKind>(value.Trim(), ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new StartupRefusedException($"MarketData:Feed '{value}' is not known. Use Simulated, AngelOne or None.");
    }
}

/// <summary>The market feed an instance runs: run exactly one real feed per deployment (<c>None</c> on the others).</summary>
public enum MarketFeedKind { Simulated, AngelOne, None }
