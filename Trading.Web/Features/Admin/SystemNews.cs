using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Notifications;

namespace Trading.Web.Features.Admin;

/// <summary>News from an admin to every active user (a notification each, by their choices), audited in the same write.</summary>
public sealed class SystemNews(IDbContextFactory<TradingDbContext> dbFactory, NotificationService notifications, AdminAuditLog audit)
{
    public async Task<(int Sent, string? Problem)> SendAsync(Guid adminId, string? title, string? body, CancellationToken cancellationToken = default)
    {
        title = title?.Trim();
        body = body?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 120) return (0, "Give the news a title of up to 120 characters.");
        if (string.IsNullOrEmpty(body) || body.Length > 1500) return (0, "Write the news in up to 1,500 characters.");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => u.Status == UserStatus.Active).Select(u => u.Id).ToListAsync(cancellationToken);
        foreach (var user in users)
        {
            await notifications.AddAsync(db, user, NotificationKind.SystemNews, NotificationSeverity.Info, title, body, cancellationToken: cancellationToken);
        }
        await audit.AddAsync(db, adminId, AdminAction.SystemNews, null, null, $"{title} (to {users.Count} users)", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (users.Count, null);
    }
}
