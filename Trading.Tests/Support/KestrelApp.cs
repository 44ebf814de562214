using System.Net;

namespace Trading.Tests.Support;

/// <summary>The app on a real Kestrel port (real TCP, real client address, real response headers), on a fresh SQLite file.</summary>
public sealed class KestrelApp : IAsyncDisposable
{
    private readonly ProviderApp _app;

    private KestrelApp(ProviderApp app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public TradingAppFactory App => _app.App;
    public Uri BaseAddress { get; }

    public static async Task<KestrelApp> StartAsync(Func<TradingAppFactory, TradingAppFactory>? configure = null, string provider = "Sqlite")
    {
        var app = await ProviderApp.StartAsync(provider, a =>
        {
            var configured = (configure?.Invoke(a) ?? a).With("MarketData:Feed", "None");
            configured.UseKestrel(0);
            return configured;
        }, start: factory => factory.StartServer());
        return new KestrelApp(app, app.App.ClientOptions.BaseAddress);
    }

    /// <summary>A browser-like client: its own cookies, redirects not followed.</summary>
    public AccountClient NewClient()
    {
        var cookies = new CookieContainer();
        return new(new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = BaseAddress }, cookies);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
