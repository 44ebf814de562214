using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Components.Account;

namespace Trading.Web.Infrastructure;

public static class DatabaseInitializer
{
    /// <summary>Applies migrations, makes sure the roles exist, creates the configured first admin and, when on, the demo data.</summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        var db = provider.GetRequiredService<TradingDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        await KeyRing.KeyRingMigration.ProtectStoredKeysAsync(db, provider.GetRequiredService<KeyRing.KeyEncryptionKeys>(), logger, cancellationToken);

        var roles = provider.GetRequiredService<RoleManager<ApplicationRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new ApplicationRole(role));
            }
        }

        await provider.GetRequiredService<Features.MarketData.InstrumentMasterRefresh>().ImportSampleIfEmptyAsync(cancellationToken);

        var options = provider.GetRequiredService<IOptions<TradingOptions>>().Value;
        await CreateInitialAdminAsync(provider, options.InitialAdmin, logger);
        if (options.SeedDemoData)
        {
            await DemoData.SeedAsync(provider, cancellationToken);
        }
    }

    private static async Task CreateInitialAdminAsync(IServiceProvider provider, TradingOptions.InitialAdminOptions admin, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(admin.Email) || string.IsNullOrWhiteSpace(admin.Password))
        {
            return;
        }
        var users = provider.GetRequiredService<UserManager<ApplicationUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0 || await users.FindByEmailAsync(admin.Email) is not null)
        {
            return;
        }
        var provisioning = provider.GetRequiredService<UserProvisioning>();
        var result = await provisioning.CreateAsync(provisioning.NewUser(admin.Email, "Administrator", 0m), admin.Password, Roles.Admin);
        if (result.Succeeded)
        {
            logger.LogInformation("Created the initial admin {Email} from configuration", admin.Email);
        }
        else
        {
            logger.LogError("Could not create the initial admin {Email}: {Errors}", admin.Email,
                string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
