using Microsoft.AspNetCore.Identity;
using Trading.Data.Entities;

namespace Trading.Web.Components.Account;

/// <summary>Creates users the same way everywhere: registration, seeding, the initial admin.</summary>
public sealed class UserProvisioning(UserManager<ApplicationUser> userManager, TimeProvider time)
{
    public const decimal DefaultTradingCapital = 100_000m;

    public ApplicationUser NewUser(string email, string displayName, decimal tradingCapital = DefaultTradingCapital) => new()
    {
        UserName = email,
        Email = email,
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? email.Split('@')[0] : displayName.Trim(),
        TradingCapital = tradingCapital,
        CreatedAt = time.GetUtcNow().UtcDateTime,
        Status = UserStatus.Active,
    };

    /// <summary>Creates the user with a password and puts them in <paramref name="role"/>.</summary>
    public async Task<IdentityResult> CreateAsync(ApplicationUser user, string password, string role)
    {
        var created = await userManager.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return created;
        }
        return await userManager.AddToRoleAsync(user, role);
    }
}
