using Trading.Web.Features.Orders;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Risk;

public static class RiskServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddRisk(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RiskDefaultsOptions>().BindConfiguration(RiskDefaultsOptions.Section);
        services.AddSingleton<RiskBookCache>();
        services.AddSingleton<RiskStates>();
        services.AddSingleton<KillSwitch>();
        services.AddSingleton<RiskEnforcement>();
        services.AddSingleton<RiskRulesService>();
        // After the order checks of AddOrders: the risk rules see an order the broker would take.
        services.AddSingleton<IPreTradeCheck, RiskPreTradeCheck>();
        services.AddSingleton<RiskWatch>();
        builder.AddRecurringJob<RiskWatchJob>();
        services.AddHostedService<RiskWatchOnFills>();
        return builder;
    }
}

/// <summary>Runs the post-trade rules right after a trader's positions change (a fill), not only on the watch's next run.</summary>
public sealed class RiskWatchOnFills(RiskBookCache cache, RiskWatch watch, ILogger<RiskWatchOnFills> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cache.PositionsChanged += OnChangedAsync;
        return Task.CompletedTask;
    }

    private Task OnChangedAsync(Guid userId)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await watch.CheckAsync(userId, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Post-trade risk check for {UserId} failed; the watch job looks again", userId);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        cache.PositionsChanged -= OnChangedAsync;
        return Task.CompletedTask;
    }
}
