using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Trading.Tests.EndToEnd;

/// <summary>An admin's actions ask for a reason and say what they do, and every one of them can be read back in the audit log.</summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
[Collection(BrowserCollection.Name)]
public sealed class AdminJourneyTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    [Fact]
    public async Task An_admin_suspends_with_a_reason_refreshes_instruments_imports_candles_and_reads_it_all_in_the_audit_log()
    {
        var (_, traderEmail) = await TestUsers.CreateTraderAsync(fixture.App.Services, displayName: "Vikram Rao");
        var page = await fixture.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, DemoData.AdminEmail, DemoData.Password);
        var dialog = page.GetByRole(AriaRole.Dialog);
        var snackbar = page.Locator(".mud-snackbar");

        // Suspend: what it does is said; without a reason nothing happens.
        await page.GotoAsync("/admin/users");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        var row = page.Locator("[data-testid=users-grid] tbody tr").Filter(new() { HasText = traderEmail });
        await row.Locator("[data-testid=suspend-user]").ClickAsync();
        await Expect(dialog).ToContainTextAsync($"Suspend {traderEmail}?");
        await Expect(dialog).ToContainTextAsync("Every browser they are signed in on is signed out now, open pages included.");
        await dialog.Locator("[data-testid=confirm-yes]").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Give a reason: it is kept in the audit log.");
        await BrowserAppFixture.ScreenshotAsync(page, "23-suspend-needs-a-reason");
        await dialog.GetByLabel("Reason (kept in the audit log)").FillAsync("Broker flagged unusual withdrawals");
        await dialog.Locator("[data-testid=confirm-yes]").ClickAsync();
        await Expect(snackbar).ToContainTextAsync($"{traderEmail} is suspended and signed out everywhere.");
        await Expect(row).ToContainTextAsync("Suspended");

        // Making an admin asks too; keeping things as they are changes nothing.
        await row.Locator("[data-testid=grant-admin]").ClickAsync();
        await Expect(dialog).ToContainTextAsync("They are signed out everywhere now and take the new role at their next sign-in.");
        await dialog.Locator("[data-testid=confirm-cancel]").ClickAsync();
        await Expect(row).Not.ToContainTextAsync("Admin");

        await row.Locator("[data-testid=reactivate-user]").ClickAsync();
        await dialog.GetByLabel("Reason (kept in the audit log)").FillAsync("Withdrawals confirmed by the trader");
        await dialog.Locator("[data-testid=confirm-yes]").ClickAsync();
        await Expect(row).ToContainTextAsync("Active");

        // An instrument refresh (the fake broker serves the shipped sample master) and a candle import.
        await page.GotoAsync("/admin/instruments");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await page.Locator("[data-testid=refresh-instruments]").ClickAsync();
        await Expect(snackbar).ToContainTextAsync("Instrument master imported.");

        await page.GotoAsync("/admin/candles");
        await BrowserAppFixture.WaitForInteractiveAsync(page);
        await page.GetByLabel("Instrument").FillAsync("SBIN");
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = "SBIN-EQ" }).First.ClickAsync();
        await Expect(page.GetByLabel("Instrument")).ToHaveValueAsync("SBIN-EQ · NSE"); // chosen on the server before the upload
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "sbin-nov.csv",
            MimeType = "text/csv",
            Buffer = "time,open,high,low,close,volume\n2026-11-30 09:15,800,802,799,801,1200\n2026-11-30 09:16,801,803,800,802.5,900\n"u8.ToArray(),
        });
        await Expect(page.Locator(".mud-alert")).ToContainTextAsync("Stored 2 candles");

        // The audit log: everything above, filterable.
        await page.Locator("[data-testid=nav-admin]").GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/audit$"));
        var entries = page.Locator("[data-testid=audit-row]");
        await page.GetByLabel("Admin or user email").FillAsync(traderEmail);
        await Expect(entries).ToHaveCountAsync(2);
        await Expect(entries.Nth(0)).ToContainTextAsync("Reactivated");
        await Expect(entries.Nth(0)).ToContainTextAsync("Withdrawals confirmed by the trader");
        await Expect(entries.Nth(1)).ToContainTextAsync("Suspended");
        await Expect(entries.Nth(1)).ToContainTextAsync("Broker flagged unusual withdrawals");
        await Expect(entries.Nth(1)).ToContainTextAsync(DemoData.AdminEmail);
        await BrowserAppFixture.ScreenshotAsync(page, "24-audit-log-user");

        await page.GetByLabel("Admin or user email").FillAsync("");
        await Expect(entries.Filter(new() { HasText = "Instrument refresh" })).Not.ToHaveCountAsync(0);
        await ChooseActionAsync(page, "Candle import");
        await Expect(entries.First).ToContainTextAsync("SBIN-EQ · NSE, OneMinute, from the file sbin-nov.csv (");
        await Expect(entries.First).ToContainTextAsync("2 candles stored.");
        await ChooseActionAsync(page, "Instrument refresh");
        await Expect(entries.First).ToContainTextAsync("instruments imported");
        await BrowserAppFixture.ScreenshotAsync(page, "25-audit-log-refresh");
        Assert.Empty(fixture.ContentSecurityPolicyViolations);
    }

    /// <summary>Opens the action filter, picks one, and waits for its list to close before anything else is clicked.</summary>
    private static async Task ChooseActionAsync(IPage page, string action)
    {
        // The select's box, not its input: with a value chosen MudBlazor shows the value over a hidden input.
        await page.Locator(".mud-input-control.mud-select:has([data-testid=audit-action])").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = action }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = action })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_trader_cannot_read_the_audit_log()
    {
        var email = await fixture.CreateTraderAsync("Curious Trader", TestUsers.Password);
        var page = await fixture.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, email, TestUsers.Password);

        await page.GotoAsync("/admin/audit");

        await Expect(page.Locator("body")).ToContainTextAsync("Access denied");
        await Expect(page.Locator("[data-testid=audit-entries]")).ToHaveCountAsync(0);
    }
}
