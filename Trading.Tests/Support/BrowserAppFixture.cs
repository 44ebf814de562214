using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
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
    public FakeSmartApi SmartApi { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every console error and warning of this fixture's pages (the browser reports CSP violations here).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> ConsoleMessages { get; } = new();

    public IReadOnlyList<string> ContentSecurityPolicyViolations =>
        ConsoleMessages.Where(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ToList();

    public async Task InitializeAsync()
    {
        SmartApi = await FakeSmartApi.StartAsync();
        App = TradingAppFactory.ForSqlite(_databaseFile, seedDemoData: true).With("AngelOne:RestBaseUrl", SmartApi.BaseUrl)
            .With("AngelOne:InstrumentMasterUrl", $"{SmartApi.BaseUrl}{FakeSmartApi.InstrumentMasterPath}");
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.ClientOptions.BaseAddress.ToString().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>The machine's Chromium, headless, as every journey uses it.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = TestEnvironment.ChromiumPath,
        Headless = true,
        Args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        ],
    });

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
                ConsoleMessages.Enqueue(message.Text);
                lock (ConsoleLock) File.AppendAllText(log, $"{DateTime.UtcNow:O} {message.Type} {page.Url}: {message.Text}{Environment.NewLine}");
            }
        };
        page.PageError += (_, error) =>
        {
            lock (ConsoleLock) File.AppendAllText(log, $"{DateTime.UtcNow:O} pageerror {page.Url}: {error}{Environment.NewLine}");
        };
        return page;
    }

    /// <summary>Waits until the page's Blazor circuit is interactive (the layout sets a marker after its first interactive render).</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 15_000 });

    /// <summary>A new trader, created directly (faster than the registration form, which its own test covers).</summary>
    public async Task<string> CreateTraderAsync(string displayName, string password) =>
        (await TestUsers.CreateTraderAsync(App.Services, displayName: displayName, password: password)).Email;

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync(password);
        await page.Locator("[data-testid=sign-in]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login"), new() { Timeout = 30_000 });
        await WaitForInteractiveAsync(page);
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
        await SmartApi.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_databaseFile);
    }
}
