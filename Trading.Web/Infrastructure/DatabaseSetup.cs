using Microsoft.AspNetCore.DataProtection;
using Trading.Data;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Trading.Web.Infrastructure.Jobs;
using Trading.Web.Infrastructure.KeyRing;

namespace Trading.Web.Infrastructure;

public static class DatabaseSetup
{
    /// <summary>
    /// <c>Database:Provider</c> = Sqlite | Postgres with <c>ConnectionStrings:Trading</c>.
    /// No configuration at all gives a SQLite file in the data folder. Features ask <see cref="UsesPostgres"/> to
    /// register their provider-specific writes.
    /// </summary>
    public static DatabaseProvider AddTradingDatabase(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var connectionString = configuration.GetConnectionString("Trading");
        var provider = ParseProvider(configuration["Database:Provider"], connectionString);
        var folder = configuration[$"{TradingOptions.Section}:DataFolder"] ?? "App_Data";
        folder = Path.IsPathRooted(folder) ? folder : Path.Combine(builder.Environment.ContentRootPath, folder);

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.Postgres)
            {
                throw new StartupRefusedException("Database:Provider is Postgres but ConnectionStrings:Trading is empty.");
            }
            Directory.CreateDirectory(folder);
            connectionString = $"Data Source={Path.Combine(folder, "trading.db")}";
        }

        builder.Services.AddTradingDbContext(provider, connectionString);
        // The key ring sits in the database with the ciphertexts it opens, so it is sealed with a key that does not.
        var keys = KeyEncryptionKeys.Load(configuration, builder.Environment, folder);
        builder.Services.AddSingleton(keys);
        builder.Services.AddDataProtection()
            .SetApplicationName("Trading")
            .PersistKeysToDbContext<TradingDbContext>();
        builder.Services.Configure<KeyManagementOptions>(options => options.XmlEncryptor = new KeyRingEncryptor(keys));
        builder.Properties[typeof(DatabaseProvider)] = provider;
        builder.AddForDatabase<IJobLeases, PostgresJobLeases, LocalJobLeases>();
        return provider;
    }

    /// <summary>Whether this app runs on PostgreSQL (for registrations that differ by database).</summary>
    public static bool UsesPostgres(this IHostApplicationBuilder builder) =>
        builder.Properties.TryGetValue(typeof(DatabaseProvider), out var provider)
            ? (DatabaseProvider)provider == DatabaseProvider.Postgres
            : throw new InvalidOperationException("Call AddTradingDatabase before registering features.");

    /// <summary>
    /// Registers <typeparamref name="TPostgres"/> as <typeparamref name="TService"/> on PostgreSQL and
    /// <typeparamref name="TEfCore"/> on any other database: the one place a write seam's provider is chosen.
    /// </summary>
    public static void AddForDatabase<TService, TPostgres, TEfCore>(this IHostApplicationBuilder builder)
        where TService : class where TPostgres : class, TService where TEfCore : class, TService
    {
        if (builder.UsesPostgres()) builder.Services.AddSingleton<TService, TPostgres>();
        else builder.Services.AddSingleton<TService, TEfCore>();
    }

    private static DatabaseProvider ParseProvider(string? value, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            // A connection string naming a host is PostgreSQL; anything else is a SQLite file.
            return connectionString?.Contains("Host=", StringComparison.OrdinalIgnoreCase) == true
                ? DatabaseProvider.Postgres
                : DatabaseProvider.Sqlite;
        }
        return value.Trim().ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            _ => throw new StartupRefusedException($"Database:Provider '{value}' is not known. Use Sqlite or Postgres."),
        };
    }
}
