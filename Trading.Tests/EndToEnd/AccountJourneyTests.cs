using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Trading.Tests.EndToEnd;

[Trait(TestCategories.Name, TestCategories.EndToEnd)]
[Collection(BrowserCollection.Name)]
public sealed class AccountJourneyTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    [Fact]
    public async Task A_new_trader_registers_lands_on_the_dashboard_signs_out_and_signs_back_in()
    {
        var page = await fixture.NewPageAsync();
        var email = $"e2e-{Guid.NewGuid():N}@example.com";
        const string password = "E2e-Passw0rd!";

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await BrowserAppFixture.ScreenshotAsync(page, "01-sign-in-page");

        await page.GetByRole(AriaRole.Link, new() { Name = "Create a trader account" }).ClickAsync();
        await page.Locator("[name='Input.DisplayName']").FillAsync("Priya Iyer");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync(password);
        await page.Locator("[name='Input.ConfirmPassword']").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Priya Iyer" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=card-capital]")).ToContainTextAsync("₹1,00,000.00");
        await Expect(page.Locator("[data-testid=card-orders]")).ToContainTextAsync("0");
        await Expect(page.Locator("[data-testid=card-broker]")).ToContainTextAsync("Paper trading");
        await Expect(page.Locator("[data-testid=nav-menu]")).Not.ToContainTextAsync("Admin");
        await BrowserAppFixture.ScreenshotAsync(page, "02-new-trader-dashboard");

        await SignOutAsync(page);
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));

        await SignInAsync(page, email, password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Priya Iyer" })).ToBeVisibleAsync();

        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TradingDbContext>();
        var history = await db.LoginHistory.Where(h => h.AttemptedUserName == email).OrderBy(h => h.Id).ToListAsync();
        // The sign-in that registration made, then the one with the password.
        Assert.Equal([(LoginResult.Succeeded, "Registration"), (LoginResult.Succeeded, "Password")], history.Select(h => (h.Result, h.Method)));
        var signIn = history[1];
        Assert.Equal("127.0.0.1", signIn.IpAddress);
        Assert.Contains("Chrome", signIn.UserAgent);
        Assert.Empty(fixture.ContentSecurityPolicyViolations); // the browser reports every CSP violation on the console
    }

    [Fact]
    public async Task The_demo_admin_sees_the_admin_navigation_and_the_users_page()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/Account/Login");
        await SignInAsync(page, DemoData.AdminEmail, DemoData.Password);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Demo Admin" })).ToBeVisibleAsync();
        var nav = page.Locator("[data-testid=nav-menu]");
        await Expect(nav).ToContainTextAsync("Admin");
        await BrowserAppFixture.ScreenshotAsync(page, "03-admin-dashboard");

        await nav.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/users$"));
        var grid = page.Locator("[data-testid=users-grid]");
        await Expect(grid).ToContainTextAsync(DemoData.TraderEmail);
        await Expect(grid).ToContainTextAsync(DemoData.AdminEmail);
        await BrowserAppFixture.ScreenshotAsync(page, "04-admin-users");
        Assert.Empty(fixture.ContentSecurityPolicyViolations); // the browser reports every CSP violation on the console
    }

    [Fact]
    public async Task A_trader_cannot_open_admin_pages()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await SignInAsync(page, DemoData.TraderEmail, DemoData.Password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Demo Trader" })).ToBeVisibleAsync();

        await page.GotoAsync("/admin/users");

        await Expect(page.Locator("[data-testid=users-grid]")).ToHaveCountAsync(0);
        await Expect(page.Locator("body")).ToContainTextAsync("Access denied");
        await page.GotoAsync("/admin/strategies"); // marketplace curation is the admins' too
        await Expect(page.Locator("[data-testid=listing-new]")).ToHaveCountAsync(0);
        await Expect(page.Locator("body")).ToContainTextAsync("Access denied");
        Assert.Empty(fixture.ContentSecurityPolicyViolations); // the browser reports every CSP violation on the console
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync(password);
        await page.Locator("[data-testid=sign-in]").ClickAsync();
    }

    private static async Task SignOutAsync(IPage page)
    {
        // The menu opens only once the interactive circuit is up, so retry the click until it does.
        var signOut = page.Locator("[data-testid=sign-out]");
        for (var attempt = 0; attempt < 20 && !await signOut.IsVisibleAsync(); attempt++)
        {
            await page.Locator("[data-testid=user-menu-button]").ClickAsync();
            try
            {
                await signOut.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 1000 });
            }
            catch (TimeoutException)
            {
            }
        }
        await signOut.ClickAsync();
    }
}
