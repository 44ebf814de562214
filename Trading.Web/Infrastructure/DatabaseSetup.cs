using Microsoft.AspNetCore.DataProtection;
using Trading.Data;

namespace Trading.Web.Infrastructure;

public static class DatabaseSetup
{
    /// <summary>
    /// <c>Database:Provider</c> = Sqlite | Postgres with <c>ConnectionStrings:Trading</c>.
    /// No configuration at all gives a SQLite file in the data folder.
    /// </summary>
    public static DatabaseProvider AddTradingDatabase(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var connectionString = configuration.GetConnectionString("Trading");
        var provider = ParseProvider(configuration["Database:Provider"], connectionString);

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.Postgres)
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Trading is empty.");
            }
            var folder = configuration[$"{TradingOptions.Section}:DataFolder"] ?? "App_Data";
            folder = Path.IsPathRooted(folder) ? folder : Path.Combine(builder.Environment.ContentRootPath, folder);
            Directory.CreateDirectory(folder);
            connectionString = $"Data Source={Path.Combine(folder, "trading.db")}";
        }

        builder.Services.AddTradingDbContext(provider, connectionString);
        builder.Services.AddDataProtection()
            .SetApplicationName("Trading")
            .PersistKeysToDbContext<TradingDbContext>();
        return provider;
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
            _ => throw new InvalidOperationException($"Database:Provider '{value}' is not known. Use Sqlite or Postgres."),
        };
    }
}
