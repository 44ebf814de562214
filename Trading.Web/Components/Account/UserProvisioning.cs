using Microsoft.AspNetCore.Identity;
using Trading.Data.Entities;

namespace Trading.Web.Components.Account;

/// <summary>Creates users the same way everywhere: registration, seeding, the initial admin.</summary>
public sealed class UserProvisioning(UserManager<ApplicationUser> userManager, Features.Broker.BrokerAccountService brokerAccounts, TimeProvider time)
{
    public const decimal DefaultTradingCapital = 100_000m;

    /// <summary>A user the system or an admin creates (seeding, the initial admin): the address counts as confirmed.</summary>
    public ApplicationUser NewUser(string email, string displayName, decimal tradingCapital = DefaultTradingCapital) => new()
    {
        UserName = email,
        Email = email,
        EmailConfirmed = true,
        DisplayName = DisplayNames.Clean(displayName) is { Length: > 0 } name ? name : email.Split('@')[0],
        TradingCapital = tradingCapital,
        CreatedAt = time.GetUtcNow().UtcDateTime,
        Status = UserStatus.Active,
    };

    /// <summary>A trader who registered themselves: the address is confirmed by email when email is configured.</summary>
    public ApplicationUser NewRegistration(string email, string displayName)
    {
        var user = NewUser(email, displayName);
        user.EmailConfirmed = false;
        return user;
    }

    /// <summary>Creates the user with a password, puts them in <paramref name="role"/> and opens their paper account.</summary>
    public async Task<IdentityResult> CreateAsync(ApplicationUser user, string password, string role)
    {
        var created = await userManager.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return created;
        }
        var result = await userManager.AddToRoleAsync(user, role);
        if (result.Succeeded)
        {
            // Every trader starts with a paper account, the default broker until they connect a real one.
            await brokerAccounts.EnsurePaperAccountAsync(user.Id);
        }
        return result;
    }
}
