using Microsoft.Extensions.DependencyInjection;
using Trading.Data.Entities;
using Trading.Web.Components.Account;

namespace Trading.Tests.Support;

/// <summary>Users created the way registration does (roles, paper account), without the form.</summary>
public static class TestUsers
{
    public const string Password = "Sup3r-Secret!";

    /// <summary>A new trader with <paramref name="capital"/>; returns the user's id and email.</summary>
    public static async Task<(Guid Id, string Email)> CreateTraderAsync(IServiceProvider services, decimal capital = UserProvisioning.DefaultTradingCapital,
        string displayName = "Test Trader", string password = Password)
    {
        var email = $"trader-{Guid.NewGuid():N}@example.com";
        await using var scope = services.CreateAsyncScope();
        var provisioning = scope.ServiceProvider.GetRequiredService<UserProvisioning>();
        var user = provisioning.NewUser(email, displayName, capital);
        var result = await provisioning.CreateAsync(user, password, Roles.Trader);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(", ", result.Errors.Select(e => e.Description)));
        return (user.Id, email);
    }

    /// <summary>A new user with the Admin role besides Trader.</summary>
    public static async Task<(Guid Id, string Email)> CreateAdminAsync(IServiceProvider services, string displayName = "Test Admin")
    {
        var (id, email) = await CreateTraderAsync(services, displayName: displayName);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
        var result = await users.AddToRoleAsync((await users.FindByIdAsync(id.ToString()))!, Roles.Admin);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(", ", result.Errors.Select(e => e.Description)));
        return (id, email);
    }
}
