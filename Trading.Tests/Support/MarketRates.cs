using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Funds;
using Trading.Web.Features.Positions;
using Trading.Web.Infrastructure;

namespace Trading.Tests.Support;

/// <summary>The rates the app ships (market-rates.json), as the app binds them: tests check the shipped figures.</summary>
public static class MarketRates
{
    private static readonly Lazy<ServiceProvider> Services = new(() =>
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, MarketRatesSettings.FileName), optional: false)
            .Build();
        var services = new ServiceCollection();
        services.AddOptions<ChargeRates>().Bind(configuration.GetSection(ChargeRates.Section));
        services.AddOptions<MarginRates>().Bind(configuration.GetSection(MarginRates.Section));
        services.AddOptions<PriceProtectionRates>().Bind(configuration.GetSection(PriceProtectionRates.Section));
        services.AddOptions<PriceBandRates>().Bind(configuration.GetSection(PriceBandRates.Section));
        return services.BuildServiceProvider();
    });

    public static IOptionsMonitor<ChargeRates> Charges => Services.Value.GetRequiredService<IOptionsMonitor<ChargeRates>>();

    public static IOptionsMonitor<MarginRates> Margins => Services.Value.GetRequiredService<IOptionsMonitor<MarginRates>>();

    public static ChargeCalculator ChargeCalculator() => new(Charges);

    public static MarginCalculator MarginCalculator() => new(Margins);

    public static PriceProtection PriceProtection() => new(Services.Value.GetRequiredService<IOptionsMonitor<PriceProtectionRates>>(),
        Services.Value.GetRequiredService<IOptionsMonitor<PriceBandRates>>());
}
