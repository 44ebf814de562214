using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;

namespace Trading.Web.Features.Security;

/// <summary>
/// Whether a user may act (not suspended, still there), read from the database at most every few seconds per user and
/// forgotten the moment this instance changes the user. Requests, open pages and the order pipeline all ask here.
/// </summary>
public sealed class UserAccess(IDbContextFactory<TradingDbContext> dbFactory, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<Guid, (bool Active, DateTimeOffset ReadAt)> _byUser = new();

    public async ValueTask<bool> IsActiveAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_byUser.TryGetValue(userId, out var entry) && now - entry.ReadAt < MaxAge) return entry.Active;
        bool active;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var status = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => (UserStatus?)u.Status).FirstOrDefaultAsync(cancellationToken);
            active = status == UserStatus.Active;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException && _byUser.ContainsKey(userId))
        {
            return _byUser[userId].Active; // the database is briefly away: the last answer stands
        }
        _byUser[userId] = (active, now);
        return active;
    }

    /// <summary>After the user changed here (suspended, reactivated): the next question reads afresh.</summary>
    public void Forget(Guid userId) => _byUser.TryRemove(userId, out _);
}
