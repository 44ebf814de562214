using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Trading.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Trading.Tests.EndToEnd;

/// <summary>A max order value refuses a bigger order in the ticket and lists the violation; the kill switch flattens the book live.</summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
[Collection(BrowserCollection.Name)]
public sealed class RiskJourneyTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    private const string Password = "Risk-Passw0rd!";

    private static async Task BuyAsync(IPage page, string symbol, int quantity)
    {
        var row = page.Locator($"[data-testid=watch-row][data-symbol='{symbol}']");
        await Expect(row.Locator("[data-testid=ltp]")).ToHaveTextAsync(new Regex(@"^[\d,]+\.\d{2}$"));
        await row.Locator("[data-testid=buy]").ClickAsync();
        var ticket = page.Locator("[data-testid=order-ticket]");
        await ticket.GetByLabel("Quantity").FillAsync(quantity.ToString());
        await ticket.Locator("[data-testid=ticket-review]").ClickAsync();
        await ticket.Locator("[data-testid=ticket-confirm]").ClickAsync();
    }

    [Fact]
    public async Task A_bigger_order_than_the_limit_is_refused_in_the_ticket_and_the_kill_switch_flattens_the_positions_live()
    {
        var (_, email) = await TestUsers.CreateTraderAsync(fixture.App.Services, capital: 1_000_000m, displayName: "Ravi Kumar", password: Password);
        var page = await fixture.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, email, Password);

        await page.GotoAsync("/risk");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await page.Locator("[data-testid=rule-threshold]").FillAsync("50000");
        await page.Locator("[data-testid=rule-save]").ClickAsync();
        await Expect(page.Locator("[data-testid=risk-rule][data-kind=MaxOrderValue]")).ToContainTextAsync("₹50,000");

        await page.GotoAsync("/watchlist");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        foreach (var symbol in new[] { "SBIN", "ITC" })
        {
            await page.GetByPlaceholder("Type a symbol or name, e.g. RELIANCE").FillAsync(symbol);
            await page.GetByRole(AriaRole.Option).Filter(new() { HasText = $"{symbol}-EQ" }).First.ClickAsync();
            var added = page.Locator($"[data-testid=watch-row][data-symbol='{symbol}-EQ']");
            if (!await added.IsVisibleAsync()) await page.GetByPlaceholder("Type a symbol or name, e.g. RELIANCE").PressAsync("Enter");
            await Expect(added).ToBeVisibleAsync();
        }
        // 1,000 shares are far over ₹50,000 at any SBIN price: refused, with the rule's reason, in the ticket.
        await BuyAsync(page, "SBIN-EQ", 1_000);
        var ticket = page.Locator("[data-testid=order-ticket]");
        await Expect(ticket).ToContainTextAsync(new Regex(@"Max order value: ₹[\d,]+ exceeds the limit ₹50,000"));
        await BrowserAppFixture.ScreenshotAsync(page, "50-ticket-risk-refusal");
        await ticket.GetByText("Close").ClickAsync();
        await Expect(ticket).ToHaveCountAsync(0);
        await BuyAsync(page, "SBIN-EQ", 5);
        await Expect(ticket).ToHaveCountAsync(0);
        await BuyAsync(page, "ITC-EQ", 5);
        await Expect(ticket).ToHaveCountAsync(0);

        await page.GotoAsync("/risk");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        var violation = page.Locator("[data-testid=violation]").First;
        await Expect(violation).ToContainTextAsync("Max order value");
        await Expect(violation).ToContainTextAsync("Buy 1000 SBIN-EQ");

        await page.GotoAsync("/positions");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await Expect(page.GetByText("Open (2)")).ToBeVisibleAsync();
        await page.Locator("[data-testid=header-kill]").ClickAsync();
        await page.Locator("[data-testid=kill-reason]").FillAsync("journey");
        await Expect(page.Locator("[data-testid=kill-yes]")).ToBeDisabledAsync();
        await page.Locator("[data-testid=kill-typed]").FillAsync("KILL");
        await page.Locator("[data-testid=kill-yes]").ClickAsync();
        // The positions page shows the book flat without a reload, and the header says halted.
        await Expect(page.GetByText("Open (0)")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.Locator("[data-testid=header-risk-state]")).ToContainTextAsync("Halted");
        await BrowserAppFixture.ScreenshotAsync(page, "51-kill-switch-flat");

        await page.GotoAsync("/risk");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=risk-state]")).ToHaveTextAsync("Halted");
        await Expect(page.Locator("[data-testid=risk-kill-report]")).ToContainTextAsync("2 positions squared off");
        Assert.Empty(fixture.ContentSecurityPolicyViolations);
    }
}
