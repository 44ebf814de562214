using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Live;

namespace Trading.Web.Features.Notifications;

/// <summary>
/// A trader's notifications. Features add one with <see cref="Add"/> inside their own unit of work (no feature builds
/// notification rows itself); it reaches the trader's open pages once that save succeeded. Every query is that
/// trader's only.
/// </summary>
public sealed class NotificationService(IDbContextFactory<TradingDbContext> dbFactory, ILiveEventPublisher live, TimeProvider time,
    ILogger<NotificationService> logger)
{
    private readonly ConditionalWeakTable<TradingDbContext, List<Notification>> _unsaved = [];

    /// <summary>
    /// Adds a notification to <paramref name="db"/>'s unit of work. When that context's next save succeeds, the
    /// trader's pages are told (live topic "notifications"); if it fails, nothing is stored and nobody is told.
    /// (Inside an explicit transaction the save, not the commit, triggers the live event: call it after the commit.)
    /// </summary>
    public Notification Add(TradingDbContext db, Guid userId, NotificationKind kind, NotificationSeverity severity, string title, string body,
        string? link = null)
    {
        var notification = new Notification
        {
            UserId = userId,
            Kind = kind,
            Severity = severity,
            Title = title,
            Body = body,
            Link = link,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Notifications.Add(notification);
        lock (_unsaved)
        {
            if (!_unsaved.TryGetValue(db, out var pending))
            {
                pending = [];
                _unsaved.Add(db, pending);
                db.SavedChanges += (_, _) => PublishSaved(db);
            }
            pending.Add(notification);
        }
        return notification;
    }

    private void PublishSaved(TradingDbContext db)
    {
        List<Guid> users;
        lock (_unsaved)
        {
            if (!_unsaved.TryGetValue(db, out var pending)) return;
            var saved = pending.Where(n => db.Entry(n).State == EntityState.Unchanged).ToList();
            pending.RemoveAll(saved.Contains);
            users = saved.Select(n => n.UserId).Distinct().ToList();
        }
        foreach (var userId in users) _ = PublishAsync(userId);
    }

    private async Task PublishAsync(Guid userId)
    {
        try
        {
            await live.PublishAsync(new LiveEvent(userId, LiveTopics.Notifications, null, time.GetUtcNow().UtcDateTime));
        }
        catch (Exception ex)
        {
            // The notification is stored; the page shows it on its next read.
            logger.LogWarning(ex, "Could not announce a new notification to user {UserId}'s pages", userId);
        }
    }

    public async Task<IReadOnlyList<Notification>> UnreadAsync(Guid userId, int count = 10, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.AsNoTracking()
            .Where(n => n.UserId == userId && !n.IsRead)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The trader's notifications, newest first, optionally of one kind and within IST days.</summary>
    public async Task<IReadOnlyList<Notification>> ListAsync(Guid userId, NotificationKind? kind, DateOnly? from, DateOnly? to, int take = 200,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        if (kind is { } k) query = query.Where(n => n.Kind == k);
        if (from is { } f)
        {
            var start = Infrastructure.IndianTime.StartOfDayUtc(f);
            query = query.Where(n => n.CreatedAt >= start);
        }
        if (to is { } t)
        {
            var end = Infrastructure.IndianTime.EndOfDayUtc(t);
            query = query.Where(n => n.CreatedAt < end);
        }
        return await query.OrderByDescending(n => n.Id).Take(take).ToListAsync(cancellationToken);
    }

    public async Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.CountAsync(n => n.UserId == userId && !n.IsRead, cancellationToken);
    }

    public async Task MarkReadAsync(Guid userId, long? notificationId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        await db.Notifications
            .Where(n => n.UserId == userId && !n.IsRead && (notificationId == null || n.Id == notificationId))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.IsRead, true).SetProperty(n => n.ReadAt, now), cancellationToken);
    }
}
