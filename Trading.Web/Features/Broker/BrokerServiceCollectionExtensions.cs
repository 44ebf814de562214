using Trading.Web.Features.Broker.AngelOne;
using Trading.Web.Features.Broker.Paper;
using Trading.Web.Features.MarketData;
using Trading.Web.Infrastructure;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Broker;

public static class BrokerServiceCollectionExtensions
{
    /// <summary>
    /// Brokers: the paper broker (with its writes by database), the Angel One SmartAPI client, sessions and, when
    /// <c>MarketData:Feed</c> is AngelOne, its market-data WebSocket as this instance's feed; the broker accounts page.
    /// </summary>
    public static IHostApplicationBuilder AddBroker(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AngelOneOptions>().BindConfiguration(AngelOneOptions.Section);
        services.AddOptions<PaperOptions>().BindConfiguration(PaperOptions.Section);
        services.AddSingleton<BrokerSecretProtector>();
        services.AddSingleton<AngelOneRateLimits>();
        // One long-lived client (pooled connections recycled every few minutes for DNS changes). Timeouts and read
        // retries are AngelOneClient's own (7 s, reads only), so no generic resilience handler sits in between.
        services.AddSingleton(sp => new AngelOneClient(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AngelOneOptions>>(),
            sp.GetRequiredService<AngelOneRateLimits>(),
            sp.GetRequiredService<ILogger<AngelOneClient>>()));
        services.AddSingleton<IBrokerOrderUpdates, BrokerOrderUpdateHub>();
        services.AddSingleton<AngelOneSessions>();
        builder.AddRecurringJob<AngelOneOrderFeed>();
        services.AddSingleton<IAngelOneFeedCredentialsProvider, ConnectedAccountFeedCredentials>();
        if (builder.MarketFeed() == MarketFeedKind.AngelOne)
        {
            builder.AddRecurringJob<AngelOneMarketFeed>();
            services.AddSingleton<IMarketFeed>(sp => sp.GetRequiredService<AngelOneMarketFeed>());
        }
        builder.AddForDatabase<IPaperOrderWrites, PostgresPaperOrderWrites, EfPaperOrderWrites>();
        services.AddSingleton<PaperLedger>();
        services.AddSingleton<PaperCharges>();
        services.AddOptions<PriceProtectionRates>().BindConfiguration(PriceProtectionRates.Section);
        services.AddOptions<PriceBandRates>().BindConfiguration(PriceBandRates.Section);
        services.AddSingleton<PriceProtection>();
        builder.AddRecurringJob<PaperFillEngine>();
        services.AddSingleton<BrokerFactory>();
        services.AddScoped<BrokerAccountService>();
        return builder;
    }
}
