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
    DateTime CreatedAt, DateTime? LastLoginAt, bool LockedOut, decimal TradingCapital)
{
    public bool IsAdmin => Roles.Split(", ").Contains(Trading.Data.Entities.Roles.Admin);
}

/// <summary>User administration. Callers are Admin-only pages; each operation runs in its own DI scope.</summary>
public sealed class AdminUserService(IServiceScopeFactory scopes, IDbContextFactory<TradingDbContext> dbFactory, UserSessions sessions, UserAccess access,
    AdminAuditLog audit, TimeProvider time, ILiveEventPublisher live)
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
    public async Task<AdminActionResult> EndSessionsAsync(Guid adminId, Guid userId, string? reason)
    {
        if (AdminReasons.Problem(reason) is { } problem) return AdminActionResult.Refused(problem);
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId) is not { } user) return AdminActionResult.Refused("That user no longer exists.");
        var ended = (await sessions.EndAllAsync(userId)).Count;
        var done = $"{user.Email} is signed out of {ended} session{(ended == 1 ? "" : "s")}.";
        await audit.AddAsync(db, adminId, AdminAction.EndSessions, userId, reason, done);
        await db.SaveChangesAsync();
        return AdminActionResult.Done(done);
    }

    /// <summary>Suspends or reactivates a user, with the reason written to the audit log. A suspension also ends the user's open sessions.</summary>
    public async Task<AdminActionResult> SetStatusAsync(Guid adminId, Guid userId, UserStatus status, string? reason)
    {
        if (adminId == userId && status == UserStatus.Suspended) return AdminActionResult.Refused("You cannot suspend your own account.");
        if (AdminReasons.Problem(reason) is { } problem) return AdminActionResult.Refused(problem);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(userId.ToString()) is not { } user) return AdminActionResult.Refused("That user no longer exists.");
        if (user.Status == status)
        {
            return AdminActionResult.Refused(status == UserStatus.Suspended ? $"{user.Email} is already suspended." : $"{user.Email} is already active.");
        }
        user.Status = status;
        var suspending = status == UserStatus.Suspended;
        await audit.AddAsync(scope.ServiceProvider.GetRequiredService<TradingDbContext>(), adminId, suspending ? AdminAction.Suspend : AdminAction.Reactivate,
            userId, reason, suspending ? "Signed out everywhere; orders refused." : null);
        var result = await users.UpdateAsync(user); // saves the audit entry with the change
        if (result.Succeeded && suspending)
        {
            // A new security stamp invalidates the user's cookies even where sessions cannot be checked.
            result = await users.UpdateSecurityStampAsync(user);
        }
        if (!result.Succeeded) return AdminActionResult.Refused(string.Join(" ", result.Errors.Select(e => e.Description)));
        access.Forget(userId);
        if (suspending)
        {
            await sessions.EndAllAsync(userId); // every browser, open pages included, is signed out now
        }
        await live.PublishAsync(new LiveEvent(userId, LiveTopics.Account, null, time.GetUtcNow().UtcDateTime));
        return AdminActionResult.Done(suspending ? $"{user.Email} is suspended and signed out everywhere." : $"{user.Email} is active again.");
    }

    /// <summary>
    /// Makes a user an admin or takes it away, with the reason in the audit log. The user is signed out everywhere so
    /// that no page keeps the old role; they sign in again with the new one.
    /// </summary>
    public async Task<AdminActionResult> SetAdminAsync(Guid adminId, Guid userId, bool admin, string? reason)
    {
        if (adminId == userId && !admin) return AdminActionResult.Refused("You cannot take away your own admin role; ask another admin.");
        if (AdminReasons.Problem(reason) is { } problem) return AdminActionResult.Refused(problem);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(userId.ToString()) is not { } user) return AdminActionResult.Refused("That user no longer exists.");
        if (await users.IsInRoleAsync(user, Roles.Admin) == admin)
        {
            return AdminActionResult.Refused(admin ? $"{user.Email} is already an admin." : $"{user.Email} is not an admin.");
        }
        await audit.AddAsync(scope.ServiceProvider.GetRequiredService<TradingDbContext>(), adminId, admin ? AdminAction.GrantAdmin : AdminAction.RevokeAdmin,
            userId, reason, "Signed out everywhere to take the new role.");
        var result = admin ? await users.AddToRoleAsync(user, Roles.Admin) : await users.RemoveFromRoleAsync(user, Roles.Admin); // saves the audit entry too
        if (result.Succeeded) result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded) return AdminActionResult.Refused(string.Join(" ", result.Errors.Select(e => e.Description)));
        await sessions.EndAllAsync(userId);
        return AdminActionResult.Done(admin
            ? $"{user.Email} is an admin from their next sign-in; they have been signed out."
            : $"{user.Email} is no longer an admin and has been signed out.");
    }
}

/// <summary>What came of an admin action: the words for the admin either way.</summary>
public sealed record AdminActionResult(bool Succeeded, string Message)
{
    public static AdminActionResult Done(string message) => new(true, message);
    public static AdminActionResult Refused(string message) => new(false, message);
}
