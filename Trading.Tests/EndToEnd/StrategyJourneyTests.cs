using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Trading.Tests.Support;
using Trading.Web.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Trading.Tests.EndToEnd;

/// <summary>An admin publishes a strategy; a trader activates it and sees its orders live; a backtest runs with its progress bar.</summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
[Collection(BrowserCollection.Name)]
public sealed class StrategyJourneyTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    private const string Password = "Strategy-Passw0rd!";

    [Fact]
    public async Task From_curation_to_a_running_strategy_whose_orders_show_live_and_a_backtest_with_its_equity_chart()
    {
        var services = fixture.App.Services;
        var (_, adminEmail) = await TestUsers.CreateAdminAsync(services);
        var admin = await fixture.NewPageAsync();
        await BrowserAppFixture.SignInAsync(admin, adminEmail, TestUsers.Password);
        await admin.GotoAsync("/admin/strategies");
        await BrowserAppFixture.WaitForInteractiveAsync(admin);
        await admin.Locator("[data-testid=listing-new]").ClickAsync();
        await admin.Locator("[data-testid=listing-code]").FillAsync("journey-rsi");
        await admin.Locator("[data-testid=listing-name]").FillAsync("Journey RSI");
        await admin.Locator("[data-testid=listing-description]").FillAsync("RSI(2) on one-minute bars: a signal on almost every bar.");
        await admin.GetByLabel("Commodities").CheckAsync();
        await admin.Locator("[data-testid=range-default-period]").FillAsync("2");
        await admin.Locator("[data-testid=range-default-oversold]").FillAsync("45");
        await admin.Locator("[data-testid=range-default-overbought]").FillAsync("55");
        await admin.Locator("[data-testid=listing-save]").ClickAsync();
        var listing = admin.Locator("[data-testid=listing]").Filter(new() { HasText = "Journey RSI" });
        await Expect(listing.Locator("[data-testid=listing-status]")).ToHaveTextAsync("Draft");
        await listing.Locator("[data-testid=listing-published]").ClickAsync();
        await Expect(listing.Locator("[data-testid=listing-status]")).ToHaveTextAsync("Published");
        await BrowserAppFixture.ScreenshotAsync(admin, "40-curation-published");

        var (_, email) = await TestUsers.CreateTraderAsync(services, capital: 1_000_000m, displayName: "Meera Nair", password: Password);
        var page = await fixture.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, email, Password);
        await page.GotoAsync("/marketplace");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await page.Locator("[data-testid=market-search]").FillAsync("Journey");
        var card = page.Locator("[data-testid=strategy-card]");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card).Not.ToContainTextAsync("%"); // no return figures on the listing
        await card.Locator("[data-testid=strategy-details]").ClickAsync();
        await Expect(page.Locator("[data-testid=detail-rules]")).ToContainTextAsync("Wilder's RSI");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await page.Locator("[data-testid=detail-activate]").ClickAsync();

        // Intraday entries stop at the 15:15 square-off while NSE is open: in those minutes the journey trades a commodity future instead.
        var ist = TimeOnly.FromDateTime(IndianTime.Now(TimeProvider.System).DateTime);
        var (search, symbol) = ist >= new TimeOnly(15, 5) && ist < new TimeOnly(15, 35) ? ("GOLD", "GOLD05FEB27FUT") : ("RELIANCE", "RELIANCE-EQ");
        await PickAsync(page, "activate-symbol", search, symbol);
        await Expect(page.Locator("[data-testid=activate-symbols]")).ToContainTextAsync(symbol);
        await Expect(page.Locator("[data-testid=param-period]")).ToHaveValueAsync("2");
        await page.Locator("[data-testid=activate-capital]").FillAsync("5000000");
        await page.Locator("[data-testid=activate-yes]").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("is free on Paper trading"); // refused, with the reason; nothing stored
        await page.Locator("[data-testid=activate-capital]").FillAsync("50000");
        await page.Locator("[data-testid=activate-yes]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/strategies$"));

        var activation = page.Locator("[data-testid=activation]").Filter(new() { HasText = "Journey RSI" });
        await Expect(activation.Locator("[data-testid=activation-status]")).ToHaveTextAsync(new Regex("^(Running|Warming up)$"));
        // The first closed bar after the activation (within a minute, plus the grace) signals, and its order shows without a reload.
        await Expect(activation.Locator("[data-testid=activation-orders]")).ToHaveTextAsync(new Regex(@"^[1-9]\d* orders?$"), new() { Timeout = 150_000 });
        await Expect(activation.Locator("[data-testid=activation-status]")).ToHaveTextAsync("Running");
        await BrowserAppFixture.ScreenshotAsync(page, "41-my-strategies-live");
        await activation.Locator("[data-testid=activation-orders]").ClickAsync();
        var row = page.Locator("[data-testid=blotter] tbody tr").First;
        await Expect(row).ToContainTextAsync(symbol);
        await Expect(row).ToContainTextAsync("Strategy");
        await BrowserAppFixture.ScreenshotAsync(page, "42-blotter-strategy-orders");

        // A backtest of the demo history on two symbols: its progress bar while it runs, then the metrics, the equity chart and each symbol's share.
        await page.GotoAsync("/backtests?strategy=journey-rsi");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=bt-symbols]")).ToContainTextAsync("RELIANCE-EQ");
        await PickAsync(page, "bt-symbol", "TCS", "TCS-EQ");
        await Expect(page.Locator("[data-testid=bt-symbol-chip]")).ToHaveCountAsync(2);
        await page.Locator("[data-testid=bt-run]").ClickAsync();
        await Expect(page.Locator("[data-testid=bt-progress]")).ToBeVisibleAsync();
        await page.WaitForURLAsync(new Regex("/backtests/[0-9a-f-]{36}$"), new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=m-net]")).ToHaveTextAsync(new Regex(@"^[+-]?[\d,]+\.\d{2}$"));
        await Expect(page.Locator("[data-testid=m-trades]")).Not.ToHaveTextAsync("0");
        await Expect(page.Locator("[data-testid=bt-equity-chart] polyline")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=bt-hypothetical]")).ToContainTextAsync("Hypothetical result after charges");
        await Expect(page.Locator("[data-testid=bt-speed]")).ToContainTextAsync("bars/s");
        await Expect(page.Locator("[data-testid=bt-hash]")).ToHaveTextAsync(new Regex("[0-9a-f]{64}$"));
        await Expect(page.Locator("[data-testid=bt-symbol-row]")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-testid=bt-by-symbol]")).ToContainTextAsync("TCS-EQ");
        await Expect(page.Locator("h4")).ToContainTextAsync("RELIANCE-EQ, TCS-EQ");
        await BrowserAppFixture.ScreenshotAsync(page, "43-backtest-result");
        Assert.Empty(fixture.ContentSecurityPolicyViolations);
    }

    /// <summary>Types into a symbol autocomplete and picks the option; types again if a busy machine let the list close before it showed.</summary>
    private static async Task PickAsync(IPage page, string testId, string search, string symbol)
    {
        var option = page.GetByRole(AriaRole.Option).Filter(new() { HasText = symbol }).First;
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator($"[data-testid={testId}]").FillAsync("");
            await page.Locator($"[data-testid={testId}]").PressSequentiallyAsync(search, new() { Delay = 30 });
            try
            {
                await option.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 10_000 });
                await option.ClickAsync();
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }
}
