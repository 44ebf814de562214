using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Admin;

/// <summary>Which entries an admin wants to read: any of the fields may be left out. Dates are IST calendar days.</summary>
public sealed record AdminAuditFilter(AdminAction? Action = null, string? Person = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>
/// The admin audit log: who did what to whom, when and why. Entries are only ever added; an entry about a change to a
/// user is written in the same save as the change (<see cref="AddAsync"/>), so neither exists without the other.
/// </summary>
public sealed class AdminAuditLog(IDbContextFactory<TradingDbContext> dbFactory, TimeProvider time)
{
    public const int MaxReasonLength = 500;

    /// <summary>Adds an entry to <paramref name="db"/> without saving: the caller's save writes it with its change.</summary>
    public async Task<AdminAuditEntry> AddAsync(TradingDbContext db, Guid adminId, AdminAction action, Guid? targetUserId, string? reason, string? details,
        CancellationToken cancellationToken = default)
    {
        var ids = targetUserId is { } t ? new[] { adminId, t } : [adminId];
        var emails = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Email }).ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);
        var entry = new AdminAuditEntry
        {
            AdminId = adminId,
            AdminEmail = emails.GetValueOrDefault(adminId) ?? "",
            Action = action,
            TargetUserId = targetUserId,
            TargetEmail = targetUserId is { } target ? emails.GetValueOrDefault(target) : null,
            Reason = (reason?.Trim() ?? "").Truncated(MaxReasonLength),
            Details = details.Truncated(1000),
            OccurredAt = time.GetUtcNow().UtcDateTime,
        };
        db.AdminAudit.Add(entry);
        return entry;
    }

    /// <summary>Writes an entry on its own (for actions that change no user, such as an instrument refresh).</summary>
    public async Task RecordAsync(Guid adminId, AdminAction action, string? details, string? reason = null, Guid? targetUserId = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await AddAsync(db, adminId, action, targetUserId, reason, details, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The newest entries matching the filter, at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<AdminAuditEntry>> SearchAsync(AdminAuditFilter filter, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AdminAudit.AsNoTracking();
        if (filter.Action is { } action) query = query.Where(a => a.Action == action);
        if (!string.IsNullOrWhiteSpace(filter.Person))
        {
            var person = filter.Person.Trim().ToUpperInvariant();
            query = query.Where(a => a.AdminEmail.ToUpper().Contains(person) || (a.TargetEmail != null && a.TargetEmail.ToUpper().Contains(person)));
        }
        if (filter.From is { } from)
        {
            var fromUtc = IndianTime.StartOfDayUtc(from);
            query = query.Where(a => a.OccurredAt >= fromUtc);
        }
        if (filter.To is { } to)
        {
            var toUtc = IndianTime.EndOfDayUtc(to);
            query = query.Where(a => a.OccurredAt < toUtc);
        }
        return await query.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken);
    }
}
