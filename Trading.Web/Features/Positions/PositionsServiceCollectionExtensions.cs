using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Positions;

public static class PositionsServiceCollectionExtensions
{
    /// <summary>Indian charges, position accounting and the positions page's service.</summary>
    public static IHostApplicationBuilder AddPositions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChargeRates>().BindConfiguration(ChargeRates.Section);
        builder.Services.AddSingleton<ChargeCalculator>();
        builder.Services.AddSingleton<PositionBook>();
        builder.Services.AddScoped<PositionsService>();
        builder.Services.AddSingleton<PositionReconciler>();
        builder.Services.AddOptions<IntradaySquareOffOptions>().BindConfiguration(IntradaySquareOffOptions.Section);
        builder.Services.AddSingleton<IntradaySquareOff>();
        builder.AddRecurringJob<IntradaySquareOffJob>();
        return builder;
    }
}
