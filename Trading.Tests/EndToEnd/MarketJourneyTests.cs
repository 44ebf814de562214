using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Trading.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Trading.Tests.EndToEnd;

[Trait(TestCategories.Name, TestCategories.EndToEnd)]
[Collection(BrowserCollection.Name)]
public sealed class MarketJourneyTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    private const string Password = "E2e-Passw0rd!";

    [Fact]
    public async Task A_trader_saves_angel_one_credentials_and_sees_connected_with_funds()
    {
        var email = await fixture.CreateTraderAsync("Kiran Shah", Password);
        var page = await fixture.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, email, Password);

        await page.Locator("[data-testid=nav-menu]").GetByRole(AriaRole.Link, new() { Name = "Broker accounts" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/broker$"));
        await Expect(page.Locator("[data-testid=broker-account][data-broker=Paper]")).ToContainTextAsync("Paper trading");

        await page.Locator("[data-testid=add-angelone]").ClickAsync();
        var form = page.Locator("[data-testid=angelone-form]");
        await form.GetByLabel("Client code").FillAsync("A123456");
        await form.GetByLabel("PIN").FillAsync("12");
        await form.GetByLabel("SmartAPI key").FillAsync("smartapi-key-7788");
        await page.Locator("[data-testid=save-account]").ClickAsync();
        await Expect(form).ToContainTextAsync("The PIN is 4 to 6 digits.");

        await form.GetByLabel("PIN").FillAsync("4321");
        await form.GetByLabel("Static IP registered with Angel One").FillAsync("203.0.113.10");
        await page.Locator("[data-testid=save-account]").ClickAsync();

        var card = page.Locator("[data-testid=broker-account][data-broker=AngelOne]");
        await Expect(card.Locator("[data-testid=account-status]")).ToHaveTextAsync("Not connected");
        await Expect(card.Locator("[data-testid=masked-apikey]")).ToHaveTextAsync("••••7788");
        await Expect(card.Locator("[data-testid=readiness]")).ToContainTextAsync("Static IP 203.0.113.10");

        await card.GetByLabel("6-digit code").FillAsync("123456");
        await card.Locator("[data-testid=test-connection]").ClickAsync();

        await Expect(card.Locator("[data-testid=account-status]")).ToHaveTextAsync("Connected");
        await Expect(card.Locator("[data-testid=test-result]")).ToContainTextAsync("Connected as ASHA RAO");
        await Expect(card.Locator("[data-testid=test-result]")).ToContainTextAsync("Available cash ₹2,45,000.25");
        await Expect(card).ToContainTextAsync("01 Jan 2100");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("smartapi-key-7788");
        await BrowserAppFixture.ScreenshotAsync(page, "05-angel-one-connected");

        var login = Assert.Single(fixture.SmartApi.To("/loginByPassword"));
        Assert.Contains("\"totp\":\"123456\"", login.Body);
        Assert.Empty(fixture.ContentSecurityPolicyViolations); // the browser reports every CSP violation on the console
    }

    private static async Task<bool> WaitVisibleAsync(ILocator locator, int milliseconds)
    {
        try
        {
            await locator.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = milliseconds });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    [Fact]
    public async Task The_watchlist_shows_live_prices_that_change_without_a_reload()
    {
        var email = await fixture.CreateTraderAsync("Meera Nair", Password);
        var page = await fixture.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, email, Password);

        await page.Locator("[data-testid=nav-menu]").GetByRole(AriaRole.Link, new() { Name = "Watchlist" }).ClickAsync();
        await Expect(page.GetByText("Your watchlist is empty")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => window.__noReload = true");

        var search = page.GetByPlaceholder("Type a symbol or name, e.g. RELIANCE");
        var row = page.Locator("[data-testid=watch-row][data-symbol=RELIANCE-EQ]");
        await search.FillAsync("RELIANCE");
        var option = page.GetByRole(AriaRole.Option).Filter(new() { HasText = "RELIANCE-EQ" }).First;
        await Expect(option).ToBeVisibleAsync();
        // The list re-renders as search results arrive; the highlighted first match is RELIANCE-EQ, so Enter picks it
        // even when a click landed on an element that was being replaced.
        await option.ClickAsync();
        if (!await WaitVisibleAsync(row, 3_000))
        {
            await search.PressAsync("Enter");
        }

        var ltp = row.Locator("[data-testid=ltp]");
        await Expect(ltp).ToHaveTextAsync(new Regex(@"^[\d,]+\.\d{2}$"));
        var first = await ltp.TextContentAsync();
        await Expect(ltp).Not.ToHaveTextAsync(first!, new() { Timeout = 15_000 });
        await Expect(row.Locator("[data-testid=change-percent]")).ToHaveTextAsync(new Regex(@"^[+-]?\d+\.\d{2}%$"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "The page reloaded.");
        await BrowserAppFixture.ScreenshotAsync(page, "06-watchlist-live");

        await page.ReloadAsync();
        await Expect(page.Locator("[data-testid=watch-row][data-symbol=RELIANCE-EQ]")).ToBeVisibleAsync(); // saved per user
        Assert.Empty(fixture.ContentSecurityPolicyViolations); // the browser reports every CSP violation on the console
    }
}
