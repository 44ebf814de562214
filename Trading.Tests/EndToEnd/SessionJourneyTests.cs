using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Admin;
using static Microsoft.Playwright.Assertions;

namespace Trading.Tests.EndToEnd;

/// <summary>
/// Ending sessions reaches pages already open in a browser within seconds: on the production-like stack (PostgreSQL,
/// Redis for sessions and live events), a real Kestrel port and Chromium.
/// </summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
[Collection(BrowserCollection.Name)]
public sealed class SessionJourneyTests : IAsyncLifetime
{
    private const string Password = TestUsers.Password;
    private KestrelApp _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _app = await KestrelApp.StartAsync(a => a.With("ConnectionStrings:Redis", TestEnvironment.RedisConnectionString)
            .With("Security:Sessions:CircuitCheckInterval", "00:01:00"), provider: "Postgres"); // only the push may do it within seconds
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserAppFixture.LaunchChromiumAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<IPage> SignedInPageAsync(string email, string path)
    {
        var context = await _browser.NewContextAsync(new() { BaseURL = _app.BaseAddress.ToString().TrimEnd('/') });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, email, Password);
        await page.GotoAsync(path);
        if (!path.StartsWith("/Account", StringComparison.Ordinal)) await BrowserAppFixture.WaitForInteractiveAsync(page); // account pages are static
        return page;
    }

    [Fact]
    public async Task A_suspended_traders_open_page_is_signed_out_within_seconds_and_so_is_a_browser_ended_from_another()
    {
        var (userId, email) = await TestUsers.CreateTraderAsync(_app.App.Services, password: Password);
        var watching = await SignedInPageAsync(email, "/orders");
        await Expect(watching.Locator("[data-testid=new-order]")).ToBeVisibleAsync();

        // "Sign out all other sessions" from a second browser: the first one's open page follows within seconds.
        var other = await SignedInPageAsync(email, "/Account/Manage/Sessions");
        await Expect(other.Locator("[data-testid=session-row]")).ToHaveCountAsync(2);
        await BrowserAppFixture.ScreenshotAsync(other, "11-signed-in-sessions");
        await other.Locator("[data-testid=end-other-sessions]").ClickAsync();
        await Expect(other.Locator("[data-testid=session-row]")).ToHaveCountAsync(1);
        await watching.WaitForURLAsync(new Regex("/Account/Login"), new() { Timeout = 5_000 });
        await BrowserAppFixture.ScreenshotAsync(watching, "12-ended-elsewhere");

        // An admin suspends the trader while the second browser has the blotter open: it is signed out within seconds.
        await other.GotoAsync("/orders");
        await BrowserAppFixture.WaitForInteractiveAsync(other);
        await using (var scope = _app.App.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<AdminUserService>().SetStatusAsync(Guid.NewGuid(), userId, UserStatus.Suspended, "Checked by the test suite")).Succeeded);
        }
        await other.WaitForURLAsync(new Regex("/Account/Login"), new() { Timeout = 5_000 });
        await Expect(other.Locator("[data-testid=new-order]")).ToHaveCountAsync(0);
        Assert.EndsWith("/Account/Login?returnUrl=%2Forders", other.Url); // back to the blotter after signing in again, not home
    }
}
