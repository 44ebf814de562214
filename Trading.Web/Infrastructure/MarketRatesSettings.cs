using Microsoft.Extensions.Configuration.Json;

namespace Trading.Web.Infrastructure;

public static class MarketRatesSettings
{
    public const string FileName = "market-rates.json";

    /// <summary>
    /// The dated market rates (charges, margins, price protection) shipped with the app, read before appsettings so an
    /// operator's appsettings or environment can add or override lines. Changes to the file apply without a restart.
    /// </summary>
    public static void AddMarketRates(this WebApplicationBuilder builder)
    {
        var sources = builder.Configuration.Sources;
        var appSettingsIndex = sources.Select((s, i) => (s, i)).FirstOrDefault(x => x.s is JsonConfigurationSource { Path: "appsettings.json" }).i;
        var source = new JsonConfigurationSource { Path = FileName, Optional = false, ReloadOnChange = true };
        source.ResolveFileProvider();
        sources.Insert(appSettingsIndex, source);
    }
}
