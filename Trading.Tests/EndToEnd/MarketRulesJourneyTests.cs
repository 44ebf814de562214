using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;
using static Microsoft.Playwright.Assertions;

namespace Trading.Tests.EndToEnd;

/// <summary>Margins in the ticket, a stop that waits as Trigger pending, the Funds page with a payin, and Holdings.</summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
[Collection(BrowserCollection.Name)]
public sealed class MarketRulesJourneyTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    private const string Password = "Rules-Passw0rd!";
    private static readonly InstrumentKey Itc = new(Exchange.NSE, "1660");

    private async Task<decimal> LastPriceAsync(InstrumentKey instrument)
    {
        var ltp = fixture.App.Services.GetRequiredService<ILtpCache>();
        if (await ltp.GetAsync(instrument) is null)
        {
            await fixture.App.Services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(instrument, 400m, DateTime.UtcNow, PreviousClose: 400m), CancellationToken.None);
        }
        return (await ltp.GetAsync(instrument))!.LastPrice;
    }

    [Fact]
    public async Task The_ticket_shows_margin_a_stop_waits_as_trigger_pending_and_funds_and_holdings_add_up()
    {
        var services = fixture.App.Services;
        var (userId, email) = await TestUsers.CreateTraderAsync(services, capital: 100_000m, displayName: "Kavya Iyer", password: Password);
        var page = await fixture.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, email, Password);

        // The ticket: margin required / available before confirming, and the market order's protection.
        await page.GotoAsync("/watchlist");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await page.GetByPlaceholder("Type a symbol or name, e.g. RELIANCE").FillAsync("SBIN");
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = "SBIN-EQ" }).First.ClickAsync();
        var row = page.Locator("[data-testid=watch-row][data-symbol=SBIN-EQ]");
        if (!await row.IsVisibleAsync()) await page.GetByPlaceholder("Type a symbol or name, e.g. RELIANCE").PressAsync("Enter");
        await Expect(row.Locator("[data-testid=ltp]")).ToHaveTextAsync(new Regex(@"^[\d,]+\.\d{2}$"));
        await row.Locator("[data-testid=buy]").ClickAsync();
        var ticket = page.Locator("[data-testid=order-ticket]");
        await Expect(ticket.Locator("[data-testid=ticket-account]")).ToHaveCountAsync(1);
        await ticket.GetByLabel("Quantity").FillAsync("10");
        await ticket.Locator("[data-testid=ticket-review]").ClickAsync();
        await Expect(ticket.Locator("[data-testid=ticket-margin]")).ToHaveTextAsync(new Regex(@"^Margin required ₹[\d,]+\.\d{2} / available ₹1,00,000\.00$"));
        await Expect(ticket.Locator("[data-testid=ticket-protection]")).ToContainTextAsync("market price protection: 0.5% above the last price");
        await Expect(ticket.Locator("[data-testid=ticket-preview]")).ToContainTextAsync("NSE IPFT");
        await BrowserAppFixture.ScreenshotAsync(page, "30-ticket-margin");
        await ticket.Locator("[data-testid=ticket-confirm]").ClickAsync();
        await Expect(ticket).ToHaveCountAsync(0);

        // A sell stop below the market rests as Trigger pending.
        var ltp = await LastPriceAsync(Itc);
        var stop = await services.GetRequiredService<OrderPipeline>().PlaceAsync(new PlaceOrderRequest(userId, "stop-1", Exchange.NSE, Itc.Token, OrderSide.Sell,
            OrderType.StopLossMarket, ProductType.Intraday, OrderVariety.Normal, OrderValidity.Day, 5, TriggerPrice: Math.Floor(ltp * 0.95m)));
        Assert.True(stop.Accepted, stop.Message);
        await page.GotoAsync("/orders");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        var stopRow = page.Locator("[data-testid=blotter] tbody tr").Filter(new() { HasText = "ITC-EQ" });
        await Expect(stopRow.Locator("[data-testid=order-status]")).ToHaveTextAsync("Trigger pending");
        await BrowserAppFixture.ScreenshotAsync(page, "31-trigger-pending");

        // Funds: cash is capital less today's charges (no P&L realized yet), and a payin adds to it.
        await page.Locator("[data-testid=nav-menu]").GetByRole(AriaRole.Link, new() { Name = "Funds" }).ClickAsync();
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await using (var db = services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext())
        {
            var charges = (await db.Trades.AsNoTracking().Where(t => t.UserId == userId).Select(t => t.Charges).ToListAsync()).Sum();
            Assert.True(charges > 0);
            await Expect(page.Locator("[data-testid=funds-charges]")).ToHaveTextAsync(Trading.Web.Infrastructure.IndianFormat.Rupees(charges));
            await Expect(page.Locator("[data-testid=funds-cash]")).ToHaveTextAsync(Trading.Web.Infrastructure.IndianFormat.Rupees(100_000m - charges));
            await page.Locator("input[data-testid=transfer-amount]").FillAsync("25000");
            await page.Locator("[data-testid=payin]").ClickAsync();
            await Expect(page.Locator("[data-testid=funds-cash]")).ToHaveTextAsync(Trading.Web.Infrastructure.IndianFormat.Rupees(125_000m - charges));
            await Expect(page.Locator("[data-testid=transfers]")).ToContainTextAsync("Payin");
            await page.Locator("input[data-testid=transfer-amount]").FillAsync("0");
            await page.Locator("[data-testid=payout]").ClickAsync();
            await Expect(page.GetByText("Enter an amount above zero.")).ToBeVisibleAsync();
            await BrowserAppFixture.ScreenshotAsync(page, "32-funds");

            // Holdings: a delivery buy of ten days ago is settled; its P&L follows the live price.
            var account = await db.BrokerAccounts.AsNoTracking().SingleAsync(a => a.UserId == userId);
            db.PaperTrades.Add(new PaperTrade
            {
                BrokerAccountId = account.Id, FillId = "seed-itc", Exchange = Exchange.NSE, SymbolToken = Itc.Token, TradingSymbol = "ITC-EQ",
                Side = OrderSide.Buy, ProductType = ProductType.Delivery, Quantity = 10, Price = 390m, FilledAt = DateTime.UtcNow.AddDays(-10),
            });
            await db.SaveChangesAsync();
        }
        await page.Locator("[data-testid=nav-menu]").GetByRole(AriaRole.Link, new() { Name = "Holdings" }).ClickAsync();
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        var holding = page.Locator("[data-testid=holding-row]").Filter(new() { HasText = "ITC-EQ" });
        await Expect(holding).ToContainTextAsync("390.00");
        await Expect(holding.Locator("[data-testid=holding-pnl]")).ToHaveTextAsync(new Regex(@"^[+-]?[\d,]+\.\d{2}$"));
        await Expect(page.Locator("[data-testid=holdings-invested]")).ToHaveTextAsync("₹3,900.00");
        await BrowserAppFixture.ScreenshotAsync(page, "33-holdings");
        Assert.Empty(fixture.ContentSecurityPolicyViolations);
    }
}
