using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;

namespace Trading.Web.Features.Notifications;

/// <summary>A trader's notifications (reconnect needed, corrected positions, …). Every query is that trader's only.</summary>
public sealed class NotificationService(IDbContextFactory<TradingDbContext> dbFactory, TimeProvider time)
{
    public async Task<IReadOnlyList<Notification>> UnreadAsync(Guid userId, int count = 10, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.AsNoTracking()
            .Where(n => n.UserId == userId && !n.IsRead)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
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
