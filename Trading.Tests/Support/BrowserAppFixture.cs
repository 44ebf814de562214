using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Trading.Tests.Support;

/// <summary>
/// The real app on a real Kestrel port (embedded default: SQLite file, in-process live events, demo data)
/// and the machine's Chromium driven by Playwright.
/// </summary>
public sealed class BrowserAppFixture : IAsyncLifetime
{
    private readonly string _databaseFile = Path.Combine(Path.GetTempPath(), $"trading-e2e-{Guid.NewGuid():N}.db");
    private static readonly Lock ConsoleLock = new();
    private IPlaywright? _playwright;

    public TradingAppFactory App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App = TradingAppFactory.ForSqlite(_databaseFile, seedDemoData: true);
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.ClientOptions.BaseAddress.ToString().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1366, Height = 860 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        // Browser console errors go to an artifact file: the first place to look when a journey fails.
        var log = Path.Combine(TestEnvironment.ArtifactsFolder, "browser-console.log");
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (ConsoleLock) File.AppendAllText(log, $"{DateTime.UtcNow:O} {message.Type} {page.Url}: {message.Text}{Environment.NewLine}");
            }
        };
        page.PageError += (_, error) =>
        {
            lock (ConsoleLock) File.AppendAllText(log, $"{DateTime.UtcNow:O} pageerror {page.Url}: {error}{Environment.NewLine}");
        };
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(TestEnvironment.ArtifactsFolder, "screenshots", name + ".png"),
            FullPage = true,
        });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_databaseFile);
    }
}
