using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Web.Infrastructure;
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
    [Fact]
    public async Task The_trading_days_page_shows_today_with_its_charts_heat_map_drill_down_and_csv()
    {
        var (userId, email) = await TestUsers.CreateTraderAsync(fixture.App.Services, displayName: "Vikram Shah", password: Password);
        // Three earlier days as the end-of-day job left them, and today's open row (refreshed from real activity on a trading day).
        var today = IndianTime.Today(TimeProvider.System);
        await using (var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContextAsync())
        {
            var capital = 5_00_000m;
            foreach (var (back, net) in new[] { (3, 1_250m), (2, -830.5m), (1, 410m), (0, 0m) })
            {
                var day = today.AddDays(-back);
                db.TradingSessions.Add(new TradingSession
                {
                    Id = Guid.NewGuid(), UserId = userId, TradingDay = day, OpeningCapital = capital, RealizedPnl = net, NetPnl = net, ClosingCapital = capital + net,
                    OrdersPlaced = 2, OrdersFilled = 2, SuccessRate = 100m, StartedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                    EndedAt = back == 0 ? null : DateTime.UtcNow, ClosedLate = back == 2,
                });
                capital += net;
            }
            await db.SaveChangesAsync();
        }
        var page = await fixture.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, email, Password);
        await page.GotoAsync("/sessions");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        var todayRow = page.Locator($"[data-testid=session-row][data-day='{today:yyyy-MM-dd}']");
        await Expect(todayRow.Locator("[data-testid=session-status]")).ToHaveTextAsync("Open");
        await Expect(page.Locator($"[data-testid=session-row][data-day='{today.AddDays(-2):yyyy-MM-dd}'] [data-testid=session-status]")).ToHaveTextAsync("Closed late");
        await Expect(page.Locator("[data-testid=sessions-bar]")).ToHaveCountAsync(4);
        await Expect(page.Locator("[data-testid=sessions-equity] polyline")).ToHaveCountAsync(1);
        await Expect(page.Locator($"[data-testid=heat-day][data-day='{today:yyyy-MM-dd}']")).ToBeVisibleAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "63-trading-days");

        await todayRow.ClickAsync();
        await Expect(page.Locator("[data-testid=session-day]")).ToContainTextAsync(today.ToString("dd MMM yyyy"));
        await page.Locator("[data-testid=capital-amount]").FillAsync("0");
        await page.Locator("[data-testid=capital-save]").ClickAsync();
        await Expect(page.Locator("[data-testid=sessions-problem]")).ToBeVisibleAsync();

        var csv = await page.APIRequest.GetAsync($"/sessions.csv?from={today.AddDays(-5):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        Assert.True(csv.Ok);
        var lines = (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length); // the header and four days
        Assert.StartsWith($"{today.AddDays(-3):yyyy-MM-dd},500000", lines[1]);
        Assert.Empty(fixture.ContentSecurityPolicyViolations);
    }
}
