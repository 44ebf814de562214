using Trading.Web.Features.Strategies.Activations;
using Trading.Web.Features.Strategies.Backtesting;
using Trading.Web.Features.Strategies.Curation;
using Trading.Web.Features.Strategies.Engine;
using Trading.Web.Features.Strategies.Marketplace;
using Trading.Web.Infrastructure;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Strategies;

public static class StrategiesServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddStrategies(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StrategyEngineOptions>().BindConfiguration(StrategyEngineOptions.Section);
        services.AddOptions<BacktestOptions>().BindConfiguration(BacktestOptions.Section);
        services.AddSingleton<MarketplaceService>();
        services.AddSingleton<StrategyCuration>();
        services.AddScoped<ActivationService>();
        services.AddSingleton<BacktestService>();
        builder.AddForDatabase<IStrategyStateWrites, PostgresStrategyStateWrites, EfStrategyStateWrites>();
        services.AddSingleton<StrategyEngine>();
        builder.AddRecurringJob<StrategyEngineJob>();
        services.AddSingleton<StrategyDayReplay>();
        builder.AddRecurringJob<StrategyDayReplayJob>();
        return builder;
    }
}
