namespace Trading.Web.Features.Funds;

public static class FundsServiceCollectionExtensions
{
    /// <summary>The paper margin model and the funds page's service.</summary>
    public static IHostApplicationBuilder AddFunds(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MarginRates>().BindConfiguration(MarginRates.Section);
        builder.Services.AddSingleton<MarginCalculator>();
        builder.Services.AddScoped<FundsService>();
        return builder;
    }
}
