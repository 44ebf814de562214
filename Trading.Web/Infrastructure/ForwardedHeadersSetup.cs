using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Trading.Web.Infrastructure;

/// <summary>
/// <c>X-Forwarded-For</c> / <c>-Proto</c> are believed only from the proxies named in <c>ForwardedHeaders:KnownProxies</c>
/// (addresses) or <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges); from anyone else they are ignored, so a visitor
/// cannot choose the IP that sign-in history and rate limits see.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders";

    private sealed class TrustedProxies;

    /// <summary>Reads the client's address and scheme from the configured proxies' headers; does nothing when none is configured.</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app) =>
        app.ApplicationServices.GetService<TrustedProxies>() is null ? app : app.UseForwardedHeaders();

    public static void AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        if (string.Equals(builder.Configuration["ASPNETCORE_FORWARDEDHEADERS_ENABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new StartupRefusedException(
                "ASPNETCORE_FORWARDEDHEADERS_ENABLED believes X-Forwarded-For from every client. Remove it and name your proxy in " +
                "ForwardedHeaders:KnownProxies (e.g. ForwardedHeaders__KnownProxies__0=172.28.0.10) or ForwardedHeaders:KnownNetworks.");
        }
        var proxies = builder.Configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [];
        var networks = builder.Configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [];
        if (proxies.Length == 0 && networks.Length == 0) return; // no proxy: the headers are never read
        builder.Services.AddSingleton<TrustedProxies>();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = builder.Configuration.GetValue($"{Section}:ForwardLimit", 1);
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                    : throw new StartupRefusedException($"{Section}:KnownProxies has '{proxy}', which is not an IP address."));
            }
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range) ? range
                    : throw new StartupRefusedException($"{Section}:KnownNetworks has '{network}', which is not a CIDR range like 172.28.0.0/24."));
            }
        });
    }
}
