using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Live;
using Trading.Web.Features.Security;
using Trading.Web.Features.Security.Sessions;

namespace Trading.Web.Features.Admin;

public sealed record AdminUserRow(
    Guid Id, string Email, string DisplayName, string Roles, UserStatus Status,
    DateTime CreatedAt, DateTime? LastLoginAt, bool LockedOut, decimal TradingCapital);

/// <summary>User administration. Callers are Admin-only pages; each operation runs in its own DI scope.</summary>
public sealed class AdminUserService(IServiceScopeFactory scopes, IDbContextFactory<TradingDbContext> dbFactory, UserSessions sessions, UserAccess access,
    TimeProvider time, ILiveEventPublisher live)
{
    public async Task<IReadOnlyList<AdminUserRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var roleNames = await (from ur in db.UserRoles
                               join r in db.Roles on ur.RoleId equals r.Id
                               select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var rolesByUser = roleNames.GroupBy(x => x.UserId).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(x => x.Name).Order()));
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        return users.Select(u => new AdminUserRow(
                u.Id, u.Email ?? "", u.DisplayName, rolesByUser.GetValueOrDefault(u.Id, ""), u.Status,
                u.CreatedAt, u.LastLoginAt, u.LockoutEnd > now, u.TradingCapital))
            .ToList();
    }

    public async Task<IReadOnlyList<LoginHistory>> RecentSignInsAsync(Guid userId, int count = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LoginHistory.AsNoTracking()
            .Where(h => h.UserId == userId)
            .OrderByDescending(h => h.OccurredAt).ThenByDescending(h => h.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The user's signed-in sessions (browsers), most recently seen first.</summary>
    public Task<IReadOnlyList<UserSession>> SessionsAsync(Guid userId) => sessions.ListAsync(userId);

    /// <summary>Signs the user out everywhere, open pages included.</summary>
    public async Task<int> EndSessionsAsync(Guid adminId, Guid userId) => (await sessions.EndAllAsync(userId)).Count;

    /// <summary>Suspends or reactivates a user. A suspension also ends the user's open sessions.</summary>
    public async Task<string?> SetStatusAsync(Guid adminId, Guid userId, UserStatus status)
    {
        if (adminId == userId && status == UserStatus.Suspended)
        {
            return "You cannot suspend your own account.";
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return "That user no longer exists.";
        }
        user.Status = status;
        var result = await users.UpdateAsync(user);
        if (result.Succeeded && status == UserStatus.Suspended)
        {
            // A new security stamp invalidates the user's cookies even where sessions cannot be checked.
            result = await users.UpdateSecurityStampAsync(user);
        }
        if (!result.Succeeded)
        {
            return string.Join(" ", result.Errors.Select(e => e.Description));
        }
        access.Forget(userId);
        if (status == UserStatus.Suspended)
        {
            await sessions.EndAllAsync(userId); // every browser, open pages included, is signed out now
        }
        await live.PublishAsync(new LiveEvent(userId, LiveTopics.Account, null, time.GetUtcNow().UtcDateTime));
        return null;
    }
}
