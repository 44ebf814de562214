using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Orders;
using static Microsoft.Playwright.Assertions;

namespace Trading.Tests.EndToEnd;

/// <summary>A rejection the broker confirms pops up on the page the trader is on and raises the bell live; preferences and admin news.</summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
[Collection(BrowserCollection.Name)]
public sealed class NotificationJourneyTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    private const string Password = "Notify-Passw0rd!";

    [Fact]
    public async Task A_rejected_order_pops_up_raises_the_bell_live_and_is_in_the_center_and_admin_news_reaches_the_trader()
    {
        var (userId, email) = await TestUsers.CreateTraderAsync(fixture.App.Services, displayName: "Asha Rao", password: Password);
        var page = await fixture.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, email, Password);
        await page.GotoAsync("/positions");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=bell-badge] .mud-badge")).ToBeHiddenAsync();

        // A resting limit buy the broker accepts, then rejects from its risk system (as its order feed reports it).
        var services = fixture.App.Services;
        var result = await services.GetRequiredService<OrderPipeline>().PlaceAsync(new PlaceOrderRequest(userId, "journey-resting", Exchange.NSE, "2885",
            OrderSide.Buy, OrderType.Limit, ProductType.Intraday, OrderVariety.Normal, OrderValidity.Day, 1, 1_300m));
        Assert.True(result.Order?.Status == OrderStatus.Open, $"{result.Order?.Status} {result.Message}");
        await services.GetRequiredService<OrderStatusApplier>().RecordAsync(result.Order!.Id, OrderStatus.Rejected, "Rejected by the broker.", "{}",
            errorMessage: "RMS: margin exceeds for the segment");
        var toast = page.Locator(".mud-snackbar").Filter(new() { HasText = "Rejected: Buy 1 RELIANCE-EQ" });
        await Expect(toast).ToBeVisibleAsync();
        await Expect(toast).ToContainTextAsync("RMS: margin exceeds for the segment");
        await Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = "Accepted" })).ToHaveCountAsync(0); // accepted: in the bell, no pop-up
        await Expect(page.Locator("[data-testid=bell-badge] .mud-badge")).ToHaveTextAsync("2");
        await BrowserAppFixture.ScreenshotAsync(page, "60-rejection-toast-and-bell");

        await page.GotoAsync("/notifications");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        var row = page.Locator("[data-testid=center-row]").First;
        await Expect(row).ToContainTextAsync("Rejected: Buy 1 RELIANCE-EQ");
        await Expect(row).ToContainTextAsync("Rejected (with the broker's reason)");
        await BrowserAppFixture.ScreenshotAsync(page, "61-notification-center");

        // Preferences: rejections always reach the bell; a fill's pop-up can be turned off and stays off.
        await page.Locator("[data-testid=center-preferences]").ClickAsync();
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=prefs-row][data-kind=OrderRejected] input[type=checkbox]").First).ToBeDisabledAsync();
        await Expect(page.Locator("[data-testid=prefs-no-email]")).ToBeVisibleAsync();
        var fillToast = page.Locator("[data-testid=prefs-row][data-kind=OrderFilled] input[type=checkbox]").Nth(1);
        await Expect(fillToast).ToBeCheckedAsync();
        await fillToast.ClickAsync();
        await page.Locator("[data-testid=prefs-save]").ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = "Preferences saved." })).ToBeVisibleAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "62-notification-preferences");
        await page.ReloadAsync();
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=prefs-row][data-kind=OrderFilled] input[type=checkbox]").Nth(1)).Not.ToBeCheckedAsync();

        // An admin's news reaches the trader's open page live.
        await page.GotoAsync("/positions");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        var (_, adminEmail) = await TestUsers.CreateAdminAsync(fixture.App.Services, "News Admin");
        var admin = await fixture.NewPageAsync();
        await BrowserAppFixture.SignInAsync(admin, adminEmail, TestUsers.Password);
        await admin.GotoAsync("/admin/news");
        await BrowserAppFixture.WaitForInteractiveAsync(admin);
        await admin.Locator("[data-testid=news-send]").ClickAsync();
        await Expect(admin.Locator("[data-testid=news-problem]")).ToContainTextAsync("Give the news a title");
        await admin.Locator("[data-testid=news-title]").FillAsync("Maintenance tonight");
        await admin.Locator("[data-testid=news-body]").FillAsync("The app is down from 23:00 to 23:30 IST.");
        await admin.Locator("[data-testid=news-send]").ClickAsync();
        await Expect(admin.Locator(".mud-snackbar").Filter(new() { HasTextRegex = new Regex(@"Sent to \d+ users\.") })).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = "Maintenance tonight" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=bell-badge] .mud-badge")).ToHaveTextAsync("3");
        Assert.Empty(fixture.ContentSecurityPolicyViolations);
    }
}
