using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;

namespace Trading.Web.Features.Notifications;

/// <summary>
/// A trader's channel choices per kind, read on every notification: kept in memory for a short while (another
/// instance's change shows within <see cref="CacheFor"/>), dropped here when the trader saves.
/// </summary>
public sealed class NotificationPreferences(IDbContextFactory<TradingDbContext> dbFactory, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset Until, IReadOnlyDictionary<NotificationKind, NotificationPreference> Choices)> _cache = new();

    public async Task<IReadOnlyDictionary<NotificationKind, NotificationPreference>> ForAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(userId, out var cached) && cached.Until > now) return cached.Choices;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var choices = (await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == userId).ToListAsync(cancellationToken)).ToDictionary(p => p.Kind);
        _cache[userId] = (now + CacheFor, choices);
        return choices;
    }

    public async Task<NotificationChannels> ChannelsAsync(Guid userId, NotificationKind kind, CancellationToken cancellationToken = default) =>
        NotificationKinds.Resolve(kind, (await ForAsync(userId, cancellationToken)).GetValueOrDefault(kind));

    /// <summary>Stores the trader's choices (a required in-app channel is kept on whatever was asked).</summary>
    public async Task SaveAsync(Guid userId, IReadOnlyDictionary<NotificationKind, NotificationChannels> choices, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.NotificationPreferences.Where(p => p.UserId == userId).ToDictionaryAsync(p => p.Kind, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (kind, asked) in choices)
        {
            var channels = NotificationKinds.Of(kind).InAppRequired ? asked with { InApp = true } : asked;
            if (!stored.TryGetValue(kind, out var row))
            {
                row = new NotificationPreference { UserId = userId, Kind = kind };
                db.NotificationPreferences.Add(row);
            }
            (row.InApp, row.Toast, row.Email, row.UpdatedAt) = (channels.InApp, channels.Toast, channels.Email, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        _cache.TryRemove(userId, out _);
    }
}
