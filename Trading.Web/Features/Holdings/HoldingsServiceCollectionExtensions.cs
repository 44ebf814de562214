namespace Trading.Web.Features.Holdings;

public static class HoldingsServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddHoldings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<HoldingsService>();
        return builder;
    }
}
