using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Live;
using Trading.Web.Features.Notifications;

namespace Trading.Tests.Integration;

/// <summary>The one notification API: a notification joins the caller's unit of work and reaches the trader's pages only once it is saved.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class NotificationServiceTests
{
    [Fact]
    public async Task A_notification_is_stored_with_the_callers_save_and_announced_to_that_trader_only_after_it()
    {
        await using var app = await ProviderApp.StartAsync("Sqlite", a => a.With("MarketData:Feed", "None"));
        var services = app.App.Services;
        var (userId, _) = await TestUsers.CreateTraderAsync(services);
        var (otherId, _) = await TestUsers.CreateTraderAsync(services);
        var heard = new List<(Guid, string)>();
        var hub = services.GetRequiredService<LiveEventHub>();
        using var mine = hub.Subscribe(userId, e => { lock (heard) heard.Add((e.UserId, e.Topic)); return Task.CompletedTask; });
        using var theirs = hub.Subscribe(otherId, e => { lock (heard) heard.Add((e.UserId, e.Topic)); return Task.CompletedTask; });
        var notifications = services.GetRequiredService<NotificationService>();
        var dbFactory = services.GetRequiredService<IDbContextFactory<TradingDbContext>>();

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await notifications.AddAsync(db, userId, NotificationKind.PositionCorrected, NotificationSeverity.Warning, "Position in SBIN-EQ corrected", "The broker holds 10.", "/positions");
            await Task.Delay(100);
            Assert.Empty(heard); // not saved yet: nobody is told
            await db.SaveChangesAsync();
        }
        await Eventually.TrueAsync(() => Task.FromResult(heard.Count == 1), "the saved notification to be announced");
        Assert.Equal((userId, LiveTopics.Notifications), heard.Single());

        // A unit of work that fails stores nothing and announces nothing.
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await notifications.AddAsync(db, userId, NotificationKind.SystemNews, NotificationSeverity.Info, "Lost", "Never saved.");
            db.Positions.Add(new Position { Id = Guid.CreateVersion7(), UserId = Guid.NewGuid() }); // no such user: the save fails
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        await Task.Delay(200);
        Assert.Single(heard);

        var unread = await notifications.UnreadAsync(userId);
        Assert.Equal(("Position in SBIN-EQ corrected", NotificationSeverity.Warning, "/positions"), (unread.Single().Title, unread.Single().Severity, unread.Single().Link));
        Assert.Empty(await notifications.UnreadAsync(otherId));
    }
}
