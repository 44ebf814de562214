using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Broker;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;
using static Microsoft.Playwright.Assertions;

namespace Trading.Tests.EndToEnd;

/// <summary>What cannot be undone asks first, saying what it will do; "Keep it" changes nothing.</summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
[Collection(BrowserCollection.Name)]
public sealed class ConfirmationJourneyTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    private const string Password = "Confirm-Passw0rd!";
    private static readonly InstrumentKey Sbin = new(Exchange.NSE, "3045");
    private static readonly InstrumentKey Itc = new(Exchange.NSE, "1660");

    private async Task<PlaceOrderResult> PlaceAsync(Guid userId, string id, InstrumentKey instrument, OrderSide side, OrderType type, int quantity, decimal? price = null)
    {
        var placed = await fixture.App.Services.GetRequiredService<OrderPipeline>().PlaceAsync(new PlaceOrderRequest(userId, id, instrument.Exchange,
            instrument.Token, side, type, ProductType.Intraday, OrderVariety.Normal, OrderValidity.Day, quantity, Price: price));
        Assert.True(placed.Accepted, placed.Message);
        return placed;
    }

    private async Task<decimal> LastPriceAsync(InstrumentKey instrument)
    {
        var ltp = fixture.App.Services.GetRequiredService<ILtpCache>();
        if (await ltp.GetAsync(instrument) is null)
        {
            await fixture.App.Services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(instrument, 500m, DateTime.UtcNow), CancellationToken.None);
        }
        return (await ltp.GetAsync(instrument))!.LastPrice;
    }

    [Fact]
    public async Task Cancelling_an_order_squaring_off_all_and_removing_a_broker_account_each_ask_first()
    {
        var services = fixture.App.Services;
        var (userId, email) = await TestUsers.CreateTraderAsync(services, capital: 1_000_000m, displayName: "Neha Kapoor", password: Password);
        var resting = await PlaceAsync(userId, "resting", Sbin, OrderSide.Buy, OrderType.Limit, 3, Math.Floor(await LastPriceAsync(Sbin) * 0.9m));
        Assert.Equal(OrderStatus.Open, resting.Order!.Status);
        await LastPriceAsync(Itc);
        await PlaceAsync(userId, "long", Sbin, OrderSide.Buy, OrderType.Market, 2);
        await PlaceAsync(userId, "short", Itc, OrderSide.Sell, OrderType.Market, 4);
        var page = await fixture.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, email, Password);
        var dialog = page.GetByRole(AriaRole.Dialog);

        // Cancel an order: asked, kept, asked again, cancelled.
        await page.GotoAsync("/orders");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await page.Locator("[data-testid=blotter] tbody tr").Filter(new() { HasText = "Open" }).ClickAsync();
        await page.Locator("[data-testid=cancel-order]").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Cancel this order?");
        await Expect(dialog).ToContainTextAsync("Buy 3 SBIN-EQ · Limit");
        await Expect(dialog).ToContainTextAsync("The 3 unfilled of 3 are cancelled at the broker");
        await BrowserAppFixture.ScreenshotAsync(page, "20-confirm-cancel-order");
        await dialog.Locator("[data-testid=confirm-cancel]").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        Assert.Equal(OrderStatus.Open, (await services.GetRequiredService<OrderPipeline>().FindAsync(userId, resting.Order.Id, CancellationToken.None))!.Status);
        await page.Locator("[data-testid=cancel-order]").ClickAsync();
        await dialog.Locator("[data-testid=confirm-yes]").ClickAsync();
        await Eventually.MatchAsync(() => services.GetRequiredService<OrderPipeline>().FindAsync(userId, resting.Order.Id, CancellationToken.None),
            o => o!.Status == OrderStatus.Cancelled, "the order to be cancelled");

        // Square off all: the dialog lists what each position gets, its pending orders cancelled first, and the page reports each.
        var pendingBuy = await PlaceAsync(userId, "resting-2", Sbin, OrderSide.Buy, OrderType.Limit, 3, Math.Floor(await LastPriceAsync(Sbin) * 0.9m));
        Assert.Equal(OrderStatus.Open, pendingBuy.Order!.Status);
        await page.GotoAsync("/positions");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=position-row]")).ToHaveCountAsync(2);
        await page.Locator("[data-testid=square-off-all]").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Each of your 2 open positions is closed now at the market");
        await Expect(dialog.Locator("[data-testid=confirm-points]")).ToContainTextAsync("SBIN-EQ (Intraday): cancel Buy 3 Limit, then sell 2 at the market");
        await Expect(dialog.Locator("[data-testid=confirm-points]")).ToContainTextAsync("ITC-EQ (Intraday): buy 4 at the market");
        await BrowserAppFixture.ScreenshotAsync(page, "21-confirm-square-off-all");
        await dialog.Locator("[data-testid=confirm-cancel]").ClickAsync();
        await Expect(page.Locator("[data-testid=position-row]")).ToHaveCountAsync(2);
        await page.Locator("[data-testid=square-off-all]").ClickAsync();
        await dialog.Locator("[data-testid=confirm-yes]").ClickAsync();
        await Expect(page.Locator("[data-testid=position-row]")).ToHaveCountAsync(0);
        var results = page.Locator("[data-testid=square-off-result]");
        await Expect(results).ToHaveCountAsync(2);
        await Expect(results.Filter(new() { HasText = "SBIN-EQ" })).ToHaveTextAsync("SBIN-EQ: cancelled Buy 3 Limit; Sell 2 filled.");
        await Expect(results.Filter(new() { HasText = "ITC-EQ" })).ToHaveTextAsync("ITC-EQ: Buy 4 filled.");
        await BrowserAppFixture.ScreenshotAsync(page, "22-square-off-all-results");
        Assert.Equal(OrderStatus.Cancelled, (await services.GetRequiredService<OrderPipeline>().FindAsync(userId, pendingBuy.Order.Id, CancellationToken.None))!.Status);

        // Remove a broker account: says what goes and what stays.
        await using (var scope = services.CreateAsyncScope())
        {
            var (errors, _) = await scope.ServiceProvider.GetRequiredService<BrokerAccountService>().SaveAngelOneAsync(userId, null,
                new AngelOneAccountInput { Label = "My Angel One", ClientCode = "N765432", ApiKey = "key-4455", Pin = "1234" });
            Assert.Empty(errors);
        }
        await page.GotoAsync("/broker");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        var card = page.Locator("[data-testid=broker-account][data-broker=AngelOne]");
        await card.Locator("[data-testid=remove-account]").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Remove My Angel One?");
        await Expect(dialog).ToContainTextAsync("The Angel One account N765432 is disconnected from Trading.");
        await Expect(dialog).ToContainTextAsync("Its API key, PIN, TOTP secret and broker session are deleted from this app");
        await BrowserAppFixture.ScreenshotAsync(page, "22-confirm-remove-account");
        await dialog.Locator("[data-testid=confirm-cancel]").ClickAsync();
        await Expect(card).ToHaveCountAsync(1);
        await card.Locator("[data-testid=remove-account]").ClickAsync();
        await dialog.Locator("[data-testid=confirm-yes]").ClickAsync();
        await Expect(card).ToHaveCountAsync(0);
        Assert.Empty(fixture.ContentSecurityPolicyViolations);
    }
}
