using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Admin;

namespace Trading.Tests.Integration;

/// <summary>Admin actions on users need a reason, take effect at once and land in the audit log, on both databases.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class AdminAuditTests
{
    private const string Reason = "Chargeback dispute #4411";

    private static Task<ProviderApp> StartAsync(string provider) => ProviderApp.StartAsync(provider, app => app.With("MarketData:Feed", "None"));

    private static async Task<List<AdminAuditEntry>> EntriesAsync(ProviderApp app)
    {
        await using var scope = app.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TradingDbContext>().AdminAudit.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    private static async Task<ApplicationUser> UserAsync(ProviderApp app, Guid id)
    {
        await using var scope = app.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TradingDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == id);
    }

    private static async Task<AccountClient> SignedInAsync(ProviderApp app, string email)
    {
        var client = AccountClient.For(app.App);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, TestUsers.Password)).StatusCode);
        return client;
    }

    /// <summary>A non-admin is sent to the access-denied page; an admin gets the users page.</summary>
    private static async Task<bool> SeesAdminPagesAsync(AccountClient client)
    {
        using var response = await client.Http.GetAsync("/admin/users");
        return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("users-grid");
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task A_suspension_without_a_real_reason_changes_nothing_and_one_with_it_is_written_with_the_change(string provider)
    {
        await using var app = await StartAsync(provider);
        var (adminId, adminEmail) = await TestUsers.CreateAdminAsync(app.App.Services);
        var (traderId, traderEmail) = await TestUsers.CreateTraderAsync(app.App.Services);
        var admins = app.App.Services.CreateScope().ServiceProvider.GetRequiredService<AdminUserService>();
        var before = DateTime.UtcNow;

        Assert.Equal("Give a reason: it is kept in the audit log.", (await admins.SetStatusAsync(adminId, traderId, UserStatus.Suspended, "   ")).Message);
        Assert.Equal("Say a little more: a reason has at least 5 characters.", (await admins.SetStatusAsync(adminId, traderId, UserStatus.Suspended, "bad")).Message);
        Assert.Equal(UserStatus.Active, (await UserAsync(app, traderId)).Status);
        Assert.Empty(await EntriesAsync(app));

        var suspended = await admins.SetStatusAsync(adminId, traderId, UserStatus.Suspended, $"  {Reason} ");
        Assert.True(suspended.Succeeded, suspended.Message);
        Assert.Equal($"{traderEmail} is suspended and signed out everywhere.", suspended.Message);
        Assert.False((await admins.SetStatusAsync(adminId, traderId, UserStatus.Suspended, Reason)).Succeeded); // already: no second entry
        Assert.True((await admins.SetStatusAsync(adminId, traderId, UserStatus.Active, "Dispute settled in the trader's favour")).Succeeded);

        Assert.Equal(UserStatus.Active, (await UserAsync(app, traderId)).Status);
        var entries = await EntriesAsync(app);
        Assert.Equal([AdminAction.Suspend, AdminAction.Reactivate], entries.Select(e => e.Action));
        var suspension = entries[0];
        Assert.Equal((adminId, adminEmail, (Guid?)traderId, traderEmail, Reason),
            (suspension.AdminId, suspension.AdminEmail, suspension.TargetUserId, suspension.TargetEmail, suspension.Reason));
        Assert.InRange(suspension.OccurredAt, before.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));
        Assert.Equal("Dispute settled in the trader's favour", entries[1].Reason);
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task Making_and_removing_an_admin_takes_effect_at_once_and_is_audited(string provider)
    {
        await using var app = await StartAsync(provider);
        var (adminId, _) = await TestUsers.CreateAdminAsync(app.App.Services);
        var (traderId, traderEmail) = await TestUsers.CreateTraderAsync(app.App.Services);
        var admins = app.App.Services.CreateScope().ServiceProvider.GetRequiredService<AdminUserService>();
        var trader = await SignedInAsync(app, traderEmail);
        Assert.False(await SeesAdminPagesAsync(trader));

        Assert.True((await admins.SetAdminAsync(adminId, traderId, true, "Covers support while Asha is away")).Succeeded);

        // The old sign-in (whose cookie says "Trader") is over; the next one carries the new role.
        Assert.Equal(HttpStatusCode.Redirect, (await trader.Http.GetAsync("/")).StatusCode);
        var asAdmin = await SignedInAsync(app, traderEmail);
        Assert.True(await SeesAdminPagesAsync(asAdmin));
        Assert.Contains("Admin", (await admins.ListAsync()).Single(u => u.Id == traderId).Roles);
        Assert.Equal($"{traderEmail} is already an admin.", (await admins.SetAdminAsync(adminId, traderId, true, "Covers support")).Message);
        Assert.Equal("You cannot take away your own admin role; ask another admin.", (await admins.SetAdminAsync(adminId, adminId, false, "Stepping down")).Message);

        Assert.True((await admins.SetAdminAsync(adminId, traderId, false, "Asha is back from leave")).Succeeded);

        Assert.Equal(HttpStatusCode.Redirect, (await asAdmin.Http.GetAsync("/")).StatusCode);
        Assert.False(await SeesAdminPagesAsync(await SignedInAsync(app, traderEmail)));
        var entries = await EntriesAsync(app);
        Assert.Equal([(AdminAction.GrantAdmin, "Covers support while Asha is away"), (AdminAction.RevokeAdmin, "Asha is back from leave")],
            entries.Select(e => (e.Action, e.Reason)));
        Assert.All(entries, e => Assert.Equal((adminId, (Guid?)traderId), (e.AdminId, e.TargetUserId)));
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task Signing_a_user_out_everywhere_is_audited_with_how_many_sessions_ended(string provider)
    {
        await using var app = await StartAsync(provider);
        var (adminId, _) = await TestUsers.CreateAdminAsync(app.App.Services);
        var (traderId, traderEmail) = await TestUsers.CreateTraderAsync(app.App.Services);
        var admins = app.App.Services.CreateScope().ServiceProvider.GetRequiredService<AdminUserService>();
        var phone = await SignedInAsync(app, traderEmail);
        var laptop = await SignedInAsync(app, traderEmail);

        Assert.False((await admins.EndSessionsAsync(adminId, traderId, "")).Succeeded);
        Assert.Equal(HttpStatusCode.OK, (await phone.Http.GetAsync("/")).StatusCode);
        var ended = await admins.EndSessionsAsync(adminId, traderId, "Trader reported a lost phone");

        Assert.Equal($"{traderEmail} is signed out of 2 sessions.", ended.Message);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.Http.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.Http.GetAsync("/")).StatusCode);
        var entry = Assert.Single(await EntriesAsync(app));
        Assert.Equal((AdminAction.EndSessions, "Trader reported a lost phone", $"{traderEmail} is signed out of 2 sessions."), (entry.Action, entry.Reason, entry.Details));
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task The_log_filters_by_action_by_either_persons_email_and_by_IST_day_newest_first(string provider)
    {
        await using var app = await StartAsync(provider);
        await using (var scope = app.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TradingDbContext>();
            AdminAuditEntry Entry(AdminAction action, string admin, string? target, DateTime utc) => new()
            {
                AdminId = Guid.NewGuid(), AdminEmail = admin, Action = action, TargetUserId = target is null ? null : Guid.NewGuid(), TargetEmail = target,
                Reason = "Test", OccurredAt = DateTime.SpecifyKind(utc, DateTimeKind.Utc),
            };
            db.AdminAudit.AddRange(
                Entry(AdminAction.Suspend, "ops@example.com", "Ravi.K@example.com", new(2026, 12, 1, 18, 29, 59)),       // 1 Dec, 23:59:59 IST
                Entry(AdminAction.Reactivate, "ops@example.com", "ravi.k@example.com", new(2026, 12, 1, 18, 30, 0)),     // 2 Dec, 00:00 IST
                Entry(AdminAction.InstrumentRefresh, "lead@example.com", null, new(2026, 12, 2, 3, 0, 0)),               // 2 Dec, 08:30 IST
                Entry(AdminAction.Suspend, "lead@example.com", "meena@example.com", new(2026, 12, 2, 18, 30, 0)));       // 3 Dec, 00:00 IST
            await db.SaveChangesAsync();
        }
        var audit = app.App.Services.GetRequiredService<AdminAuditLog>();
        async Task<List<(AdminAction, string?)>> Find(AdminAuditFilter filter, int take = 100) =>
            (await audit.SearchAsync(filter, take)).Select(e => (e.Action, e.TargetEmail)).ToList();

        Assert.Equal([(AdminAction.Suspend, "meena@example.com"), (AdminAction.Suspend, "Ravi.K@example.com")], await Find(new(Action: AdminAction.Suspend)));
        Assert.Equal([(AdminAction.Reactivate, "ravi.k@example.com"), (AdminAction.Suspend, "Ravi.K@example.com")], await Find(new(Person: "RAVI.k")));
        Assert.Equal([(AdminAction.Suspend, "meena@example.com"), (AdminAction.InstrumentRefresh, null)], await Find(new(Person: "lead@")));
        var day = new DateOnly(2026, 12, 2);
        Assert.Equal([(AdminAction.InstrumentRefresh, null), (AdminAction.Reactivate, "ravi.k@example.com")], await Find(new(From: day, To: day)));
        Assert.Equal([(AdminAction.Suspend, "Ravi.K@example.com")], await Find(new(To: new DateOnly(2026, 12, 1))));
        Assert.Equal([(AdminAction.Suspend, "meena@example.com"), (AdminAction.InstrumentRefresh, null)], await Find(new(), take: 2));
    }
}
