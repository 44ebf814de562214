using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Live;
using Trading.Web.Features.Notifications;
using Trading.Web.Features.Notifications.Email;

namespace Trading.Tests.Integration;

/// <summary>Preferences per kind and channel, digests of floods, and email through a real SMTP server with pacing and retries.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class NotificationChannelTests
{
    private static async Task<Notification> NotifyAsync(IServiceProvider services, Guid userId, NotificationKind kind, string title)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContextAsync();
        var notification = await services.GetRequiredService<NotificationService>().AddAsync(db, userId, kind, NotificationSeverity.Info, title, "body", "/orders");
        await db.SaveChangesAsync();
        return notification;
    }

    [Fact]
    public async Task The_traders_choices_pick_the_channels_and_rejections_always_reach_the_bell()
    {
        var clock = new SettableClock(SettableClock.Ist(10, 0));
        await using var app = await ProviderApp.StartAsync("Sqlite", a => a.With("MarketData:Feed", "None").WithClock(clock));
        var services = app.App.Services;
        var (userId, _) = await TestUsers.CreateTraderAsync(services);
        var notifications = services.GetRequiredService<NotificationService>();
        var before = await notifications.LatestIdAsync(userId);
        await services.GetRequiredService<NotificationPreferences>().SaveAsync(userId, new Dictionary<NotificationKind, NotificationChannels>
        {
            [NotificationKind.OrderFilled] = new(InApp: false, Toast: false, Email: false),
            [NotificationKind.OrderRejected] = new(InApp: false, Toast: false, Email: false), // in-app cannot be turned off
        });

        var filled = await NotifyAsync(services, userId, NotificationKind.OrderFilled, "Filled");
        var rejected = await NotifyAsync(services, userId, NotificationKind.OrderRejected, "Rejected");
        var cancelled = await NotifyAsync(services, userId, NotificationKind.OrderCancelled, "Cancelled"); // no choice: the defaults

        Assert.Equal((false, false), (filled.InApp, filled.Toast));
        Assert.Equal((true, false), (rejected.InApp, rejected.Toast));
        Assert.Equal((true, true), (cancelled.InApp, cancelled.Toast));
        Assert.Equal(["Cancelled", "Rejected"], (await notifications.ListAsync(userId, null, null, null)).Select(l => l.Notification.Title));
        Assert.Equal(2, await notifications.UnreadCountAsync(userId));
        Assert.Equal(["Cancelled"], (await notifications.ToastsAfterAsync(userId, before)).Select(n => n.Title));
        clock.Now = clock.Now.AddMinutes(2); // a toast is for the moment it arrives
        Assert.Empty(await notifications.ToastsAfterAsync(userId, before));
        await using var db = services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
        var stored = await db.NotificationPreferences.AsNoTracking().SingleAsync(p => p.UserId == userId && p.Kind == NotificationKind.OrderRejected);
        Assert.True(stored.InApp);
        Assert.Empty(await db.NotificationEmails.ToListAsync()); // no SMTP here: no email is queued
    }

    [Fact]
    public async Task From_the_fifth_of_a_kind_within_a_minute_notifications_go_into_one_digest()
    {
        var clock = new SettableClock(SettableClock.Ist(10, 0));
        await using var app = await ProviderApp.StartAsync("Postgres", a => a.With("MarketData:Feed", "None").WithClock(clock));
        var services = app.App.Services;
        var (userId, _) = await TestUsers.CreateTraderAsync(services);
        var notifications = services.GetRequiredService<NotificationService>();
        var before = await notifications.LatestIdAsync(userId);
        for (var i = 1; i <= 7; i++)
        {
            await NotifyAsync(services, userId, NotificationKind.OrderFilled, $"Fill {i}");
            clock.Now = clock.Now.AddSeconds(5);
        }
        await NotifyAsync(services, userId, NotificationKind.OrderCancelled, "Another kind"); // counted apart

        var listed = await notifications.ListAsync(userId, null, null, null);
        Assert.Equal(["Another kind", "Filled: 5 or more within a minute", "Fill 4", "Fill 3", "Fill 2", "Fill 1"], listed.Select(l => l.Notification.Title));
        var digest = listed[1];
        Assert.Equal((true, 3), (digest.Notification.IsDigest, digest.Grouped));
        Assert.Equal(["Fill 7", "Fill 6", "Fill 5"], (await notifications.ListAsync(userId, null, null, null, digestId: digest.Notification.Id)).Select(l => l.Notification.Title));
        // One toast for the digest, none for what it holds; the bell counts the digest once.
        Assert.Equal(["Fill 1", "Fill 2", "Fill 3", "Fill 4", "Filled: 5 or more within a minute", "Another kind"],
            (await notifications.ToastsAfterAsync(userId, before)).Select(n => n.Title));
        Assert.Equal(6, await notifications.UnreadCountAsync(userId));

        // A minute later the flood is over: one on its own again.
        clock.Now = clock.Now.AddMinutes(2);
        var alone = await NotifyAsync(services, userId, NotificationKind.OrderFilled, "Fill 8");
        Assert.Null(alone.DigestId);
        await notifications.MarkReadAsync(userId, digest.Notification.Id); // reading the digest reads what it holds
        await using var db = services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
        Assert.Equal(0, await db.Notifications.CountAsync(n => n.DigestId == digest.Notification.Id && !n.IsRead));
    }

    [Fact]
    public async Task Emails_go_through_smtp_paced_per_trader_and_hour_and_a_failing_server_is_retried_then_logged()
    {
        using var smtp = new SmtpSink();
        var clock = new SettableClock(SettableClock.Ist(10, 0));
        await using var app = await ProviderApp.StartAsync("Sqlite", a => a.With("MarketData:Feed", "None").With(smtp.Settings)
            .With("Email:MaxPerUserPerHour", "2").With("Jobs:NotificationEmail:Enabled", "false").WithClock(clock));
        var services = app.App.Services;
        var (userId, address) = await TestUsers.CreateTraderAsync(services);
        var sender = services.GetRequiredService<NotificationEmailSender>();
        for (var i = 1; i <= 3; i++) await NotifyAsync(services, userId, NotificationKind.OrderRejected, $"Rejected {i}"); // rejections are emailed by default
        await NotifyAsync(services, userId, NotificationKind.OrderFilled, "Filled"); // fills are not

        Assert.Equal(2, await sender.SendDueAsync(CancellationToken.None));
        var first = await smtp.WaitForAsync(address, "Trading: Rejected 1");
        Assert.Contains("body", first.HtmlBody);
        await using (var db = services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext())
        {
            var log = await db.NotificationEmails.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
            Assert.Equal([NotificationEmailStatus.Sent, NotificationEmailStatus.Sent, NotificationEmailStatus.Paced], log.Select(e => e.Status));
            Assert.Equal("Not sent: 2 emails went to this trader in the last hour.", log[2].LastError);
        }
        Assert.Equal(2, smtp.Messages.Count);
    }

    [Fact]
    public async Task A_failing_smtp_server_is_tried_again_with_a_growing_wait_and_then_logged_as_failed()
    {
        var clock = new SettableClock(SettableClock.Ist(10, 0));
        int closedPort;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }
        await using var app = await ProviderApp.StartAsync("Sqlite", a => a.With("MarketData:Feed", "None").With("Email:Smtp:Host", "127.0.0.1")
            .With("Email:Smtp:Port", closedPort.ToString()).With("Email:Smtp:Security", "None").With("Email:Smtp:TimeoutSeconds", "2")
            .With("Jobs:NotificationEmail:Enabled", "false").WithClock(clock));
        var services = app.App.Services;
        var (userId, _) = await TestUsers.CreateTraderAsync(services);
        var sender = services.GetRequiredService<NotificationEmailSender>();
        await NotifyAsync(services, userId, NotificationKind.KillSwitch, "Kill switch");
        NotificationEmail Log()
        {
            using var db = services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
            return db.NotificationEmails.AsNoTracking().Single();
        }

        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
        Assert.Equal((NotificationEmailStatus.Queued, 1, clock.Now.UtcDateTime.AddSeconds(30)), (Log().Status, Log().Attempts, Log().NextAttemptAt));
        await sender.SendDueAsync(CancellationToken.None); // not due yet
        Assert.Equal(1, Log().Attempts);
        clock.Now = clock.Now.AddSeconds(31);
        await sender.SendDueAsync(CancellationToken.None);
        Assert.Equal((NotificationEmailStatus.Queued, 2), (Log().Status, Log().Attempts));
        clock.Now = clock.Now.AddSeconds(61);
        await sender.SendDueAsync(CancellationToken.None);
        Assert.Equal((NotificationEmailStatus.Failed, 3), (Log().Status, Log().Attempts));
        Assert.False(string.IsNullOrEmpty(Log().LastError));
    }

    [Fact]
    public async Task A_notification_saved_on_one_instance_reaches_that_traders_pages_on_another_through_redis_and_nobody_elses()
    {
        await using var postgres = new PostgresDatabase();
        await postgres.InitializeAsync();
        await using var first = TradingAppFactory.ForPostgres(postgres.ConnectionString, TestEnvironment.RedisConnectionString).With("MarketData:Feed", "None");
        var (aliceId, _) = await TestUsers.CreateTraderAsync(first.Services);
        var (bobId, _) = await TestUsers.CreateTraderAsync(first.Services);
        await using var second = TradingAppFactory.ForPostgres(postgres.ConnectionString, TestEnvironment.RedisConnectionString).With("MarketData:Feed", "None");
        var hub = second.Services.GetRequiredService<LiveEventHub>();
        var alice = new TaskCompletionSource<LiveEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bob = new List<LiveEvent>();
        using var a = hub.Subscribe(aliceId, e => { if (e.Topic == LiveTopics.Notifications) alice.TrySetResult(e); return Task.CompletedTask; });
        using var b = hub.Subscribe(bobId, e => { lock (bob) bob.Add(e); return Task.CompletedTask; });
        await Task.Delay(500); // the second instance's Redis subscription is up

        await NotifyAsync(first.Services, aliceId, NotificationKind.OrderRejected, "Rejected: Buy 1 SBIN-EQ");
        var heard = await alice.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((aliceId, LiveTopics.Notifications), (heard.UserId, heard.Topic));
        var unread = await second.Services.GetRequiredService<NotificationService>().UnreadAsync(aliceId);
        Assert.Equal("Rejected: Buy 1 SBIN-EQ", Assert.Single(unread).Title);
        await Task.Delay(300);
        lock (bob) Assert.DoesNotContain(bob, e => e.Topic == LiveTopics.Notifications);
        Assert.Empty(await second.Services.GetRequiredService<NotificationService>().UnreadAsync(bobId));
    }
}
