using Trading.Web.Features.Broker.AngelOne;
using Trading.Web.Features.Broker.Paper;

namespace Trading.Web.Features.Broker;

public static class BrokerServiceCollectionExtensions
{
    public static IServiceCollection AddBroker(this IServiceCollection services)
    {
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
        services.AddSingleton<AngelOneSessions>();
        services.AddSingleton<IAngelOneFeedCredentialsProvider, ConnectedAccountFeedCredentials>();
        services.AddSingleton<PaperLedger>();
        services.AddSingleton<PaperFillEngine>();
        services.AddHostedService(sp => sp.GetRequiredService<PaperFillEngine>());
        services.AddSingleton<BrokerFactory>();
        services.AddScoped<BrokerAccountService>();
        return services;
    }
}
