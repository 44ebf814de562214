using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Trading.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Trading.Tests.EndToEnd;

/// <summary>A paper MARKET order from the watchlist to a closed position, all on live pages (embedded default).</summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
[Collection(BrowserCollection.Name)]
public sealed class TradingJourneyTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    private const string Password = "E2e-Passw0rd!";

    [Fact]
    public async Task Place_a_paper_market_order_watch_it_fill_follow_the_position_square_off_and_export()
    {
        var email = await fixture.CreateTraderAsync("Rohan Mehta", Password);
        var page = await fixture.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, email, Password);

        // Keep the orders page open in a second tab: it must update without a reload.
        var blotter = await page.Context.NewPageAsync();
        await blotter.GotoAsync("/orders");
        await BrowserAppFixture.WaitForInteractiveAsync(blotter);
        await Expect(blotter.GetByText("No orders match.")).ToBeVisibleAsync();

        await page.GotoAsync("/watchlist");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await page.GetByPlaceholder("Type a symbol or name, e.g. RELIANCE").FillAsync("TCS");
        var option = page.GetByRole(AriaRole.Option).Filter(new() { HasText = "TCS-EQ" }).First;
        await option.ClickAsync();
        var row = page.Locator("[data-testid=watch-row][data-symbol=TCS-EQ]");
        if (!await row.IsVisibleAsync()) await page.GetByPlaceholder("Type a symbol or name, e.g. RELIANCE").PressAsync("Enter");
        await Expect(row.Locator("[data-testid=ltp]")).ToHaveTextAsync(new Regex(@"^[\d,]+\.\d{2}$"));

        await row.Locator("[data-testid=buy]").ClickAsync();
        var ticket = page.Locator("[data-testid=order-ticket]");
        await ticket.GetByLabel("Quantity").FillAsync("5");
        await ticket.Locator("[data-testid=ticket-review]").ClickAsync();
        await Expect(ticket.Locator("[data-testid=ticket-preview]")).ToContainTextAsync("Estimated charges");
        await BrowserAppFixture.ScreenshotAsync(page, "07-order-ticket");
        await ticket.Locator("[data-testid=ticket-confirm]").ClickAsync();

        await Expect(blotter.Locator("[data-testid=blotter]")).ToContainTextAsync("TCS-EQ");
        await Expect(blotter.Locator("[data-testid=order-status]").First).ToHaveTextAsync("Filled");
        await BrowserAppFixture.ScreenshotAsync(blotter, "08-blotter-filled");
        await blotter.Locator("[data-testid=blotter] tbody tr").First.ClickAsync();
        await Expect(blotter.Locator("[data-testid=order-timeline]")).ToContainTextAsync("Pending submit → Open");
        await Expect(blotter.Locator("[data-testid=order-timeline]")).ToContainTextAsync("Open → Filled");

        await page.Locator("[data-testid=nav-menu]").GetByRole(AriaRole.Link, new() { Name = "Positions" }).ClickAsync();
        var position = page.Locator("[data-testid=position-row][data-symbol=TCS-EQ]");
        await Expect(position).ToContainTextAsync("5");
        var unrealized = position.Locator("[data-testid=position-unrealized]");
        var first = await unrealized.TextContentAsync();
        await Expect(unrealized).Not.ToHaveTextAsync(first!, new() { Timeout = 20_000 }); // P&L moves with the feed
        await BrowserAppFixture.ScreenshotAsync(page, "09-position-live");

        await position.Locator("[data-testid=square-off]").ClickAsync();
        await Expect(page.Locator("[data-testid=position-row]")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Closed (1)" }).ClickAsync();
        var closed = page.Locator("[data-testid=closed-row][data-symbol=TCS-EQ]");
        await Expect(closed.Locator("[data-testid=closed-realized]")).ToHaveTextAsync(new Regex(@"^-?₹[\d,]+\.\d{2}$"));
        await BrowserAppFixture.ScreenshotAsync(page, "10-position-closed");

        await blotter.BringToFrontAsync();
        await Expect(blotter.Locator("[data-testid=order-status]")).ToHaveCountAsync(2);
        await blotter.ReloadAsync(); // closes the order drawer that covers the page
        await BrowserAppFixture.WaitForInteractiveAsync(blotter);
        var download = await blotter.RunAndWaitForDownloadAsync(() => blotter.Locator("[data-testid=export-csv]").ClickAsync());
        var path = Path.Combine(TestEnvironment.ArtifactsFolder, "orders.csv");
        await download.SaveAsAsync(path);
        var lines = await File.ReadAllLinesAsync(path);
        Assert.StartsWith("created_ist,order_id,client_order_id", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(",TCS-EQ,", l));
        Assert.Contains(lines, l => l.Contains(",SquareOff,"));
        Assert.Empty(fixture.ContentSecurityPolicyViolations); // the browser reports every CSP violation on the console
    }
}
