using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Live;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Notifications;

/// <summary>
/// A trader's notifications. Features add one with <see cref="AddAsync"/> inside their own unit of work, after the
/// state it reports is confirmed (no feature builds notification rows itself); it reaches the trader's open pages once
/// that save succeeded. The trader's choices per kind pick the channels: the bell and center, a toast, an email (queued
/// here, sent by <see cref="Email.NotificationEmailSender"/>). From the fifth of one kind within a minute, notifications
/// go into one digest (one toast, one email) instead of each on its own. Every query is that trader's only.
/// </summary>
public sealed class NotificationService(IDbContextFactory<TradingDbContext> dbFactory, NotificationPreferences preferences, ILiveEventPublisher live,
    TimeProvider time, ILogger<NotificationService> logger, Email.IMailer? mailer = null)
{
    private readonly ConditionalWeakTable<TradingDbContext, List<Notification>> _unsaved = [];
    private readonly ConcurrentDictionary<(Guid, NotificationKind), Flood> _floods = new();

    /// <summary>The recent notifications of one trader and kind (this instance's), and the digest they go into.</summary>
    private sealed class Flood
    {
        public readonly Queue<DateTime> Times = new();
        public Notification? Digest;
        public TradingDbContext? DigestContext;
        public DateTime DigestUntil;
    }

    /// <summary>Whether email can be sent at all (SMTP configured).</summary>
    public bool EmailConfigured => mailer is not null;

    /// <summary>
    /// Adds a notification to <paramref name="db"/>'s unit of work. When that context's next save succeeds, the
    /// trader's pages are told (live topic "notifications"); if it fails, nothing is stored and nobody is told.
    /// (Inside an explicit transaction the save, not the commit, triggers the live event: call it after the commit.)
    /// </summary>
    public async Task<Notification> AddAsync(TradingDbContext db, Guid userId, NotificationKind kind, NotificationSeverity severity, string title, string body,
        string? link = null, CancellationToken cancellationToken = default)
    {
        var channels = await preferences.ChannelsAsync(userId, kind, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var notification = new Notification
        {
            UserId = userId,
            Kind = kind,
            Severity = severity,
            Title = title.Truncated(200)!,
            Body = body.Truncated(2000)!,
            Link = link,
            CreatedAt = now,
            InApp = channels.InApp,
            Toast = channels.Toast,
        };
        db.Notifications.Add(notification);
        var digest = IntoDigest(db, notification, channels, now);
        if (digest is null && channels.Email && mailer is not null) QueueEmail(db, notification, now);
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

    /// <summary>The digest this notification goes into (the fifth or later of its kind within a minute), or null.</summary>
    private Notification? IntoDigest(TradingDbContext db, Notification notification, NotificationChannels channels, DateTime now)
    {
        var flood = _floods.GetOrAdd((notification.UserId, notification.Kind), _ => new Flood());
        lock (flood)
        {
            flood.Times.Enqueue(now);
            while (flood.Times.Count > 0 && flood.Times.Peek() <= now - NotificationKinds.DigestWindow) flood.Times.Dequeue();
            if (flood.Times.Count < NotificationKinds.DigestAt) return null;

            var current = flood.Digest;
            var usable = current is not null && now < flood.DigestUntil && (current.Id != 0 || ReferenceEquals(flood.DigestContext, db));
            if (!usable)
            {
                var label = NotificationKinds.Label(notification.Kind);
                current = new Notification
                {
                    UserId = notification.UserId,
                    Kind = notification.Kind,
                    Severity = notification.Severity,
                    Title = $"{label}: {NotificationKinds.DigestAt} or more within a minute",
                    Body = $"From the {NotificationKinds.DigestAt}th \"{label}\" notification within a minute on, they are grouped here instead of each on its own.",
                    Link = "/notifications",
                    CreatedAt = now,
                    InApp = channels.InApp,
                    Toast = channels.Toast,
                    IsDigest = true,
                };
                db.Notifications.Add(current);
                if (channels.Email && mailer is not null) QueueEmail(db, current, now);
                (flood.Digest, flood.DigestContext, flood.DigestUntil) = (current, db, now + NotificationKinds.DigestWindow);
            }
            if (current!.Id != 0) notification.DigestId = current.Id;
            else notification.Digest = current;
            notification.Toast = false;
            if (current.Severity < notification.Severity) current.Severity = notification.Severity;
            return current;
        }
    }

    private static void QueueEmail(TradingDbContext db, Notification notification, DateTime now) =>
        db.NotificationEmails.Add(new NotificationEmail
        {
            Notification = notification,
            UserId = notification.UserId,
            Subject = notification.Title,
            Status = NotificationEmailStatus.Queued,
            CreatedAt = now,
            NextAttemptAt = now,
        });

    /// <summary>The same notification to every admin (service health), in <paramref name="db"/>'s unit of work: a row each, by each admin's choices.</summary>
    public async Task NotifyAdminsAsync(TradingDbContext db, NotificationKind kind, NotificationSeverity severity, string title, string body, string? link = null,
        CancellationToken cancellationToken = default)
    {
        var admins = await (from user in db.Users
                            join userRole in db.UserRoles on user.Id equals userRole.UserId
                            join role in db.Roles on userRole.RoleId equals role.Id
                            where role.Name == Roles.Admin && user.Status == UserStatus.Active
                            select user.Id).Distinct().ToListAsync(cancellationToken);
        foreach (var admin in admins) await AddAsync(db, admin, kind, severity, title, body, link, cancellationToken);
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

    /// <summary>The newest unread notifications the bell shows (in-app ones, digests standing for their members).</summary>
    public async Task<IReadOnlyList<Notification>> UnreadAsync(Guid userId, int count = 10, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.AsNoTracking()
            .Where(n => n.UserId == userId && !n.IsRead && n.InApp && n.DigestId == null)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
    }

    /// <summary>A notification of the center with how many its digest holds (0 for one on its own).</summary>
    public sealed record Listed(Notification Notification, int Grouped);

    /// <summary>
    /// The trader's in-app notifications, newest first, optionally of one kind and within IST days; a digest's members
    /// are listed only when <paramref name="digestId"/> asks for them.
    /// </summary>
    public async Task<IReadOnlyList<Listed>> ListAsync(Guid userId, NotificationKind? kind, DateOnly? from, DateOnly? to, int take = 200,
        long? digestId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Notifications.AsNoTracking().Where(n => n.UserId == userId && n.InApp);
        query = digestId is { } d ? query.Where(n => n.DigestId == d) : query.Where(n => n.DigestId == null);
        if (kind is { } k) query = query.Where(n => n.Kind == k);
        if (from is { } f)
        {
            var start = IndianTime.StartOfDayUtc(f);
            query = query.Where(n => n.CreatedAt >= start);
        }
        if (to is { } t)
        {
            var end = IndianTime.EndOfDayUtc(t);
            query = query.Where(n => n.CreatedAt < end);
        }
        return await query.OrderByDescending(n => n.Id).Take(take)
            .Select(n => new Listed(n, n.IsDigest ? db.Notifications.Count(m => m.DigestId == n.Id) : 0))
            .ToListAsync(cancellationToken);
    }

    public async Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.CountAsync(n => n.UserId == userId && !n.IsRead && n.InApp && n.DigestId == null, cancellationToken);
    }

    /// <summary>The newest notification's id (a page starts its toasts after it).</summary>
    public async Task<long> LatestIdAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.Where(n => n.UserId == userId).MaxAsync(n => (long?)n.Id, cancellationToken) ?? 0;
    }

    /// <summary>The trader's toasts newer than <paramref name="afterId"/> and at most a minute old, oldest first.</summary>
    public async Task<IReadOnlyList<Notification>> ToastsAfterAsync(Guid userId, long afterId, CancellationToken cancellationToken = default)
    {
        var since = time.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.AsNoTracking().Where(n => n.UserId == userId && n.Id > afterId && n.Toast && n.CreatedAt >= since)
            .OrderBy(n => n.Id).Take(10).ToListAsync(cancellationToken);
    }

    public async Task MarkReadAsync(Guid userId, long? notificationId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        await db.Notifications
            .Where(n => n.UserId == userId && !n.IsRead && (notificationId == null || n.Id == notificationId || n.DigestId == notificationId))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.IsRead, true).SetProperty(n => n.ReadAt, now), cancellationToken);
    }
}
