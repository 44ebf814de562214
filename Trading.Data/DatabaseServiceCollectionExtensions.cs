using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Trading.Data;

public enum DatabaseProvider { Sqlite, Postgres }

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TradingDbContext"/> (scoped, for Identity and request code) and
    /// <see cref="IDbContextFactory{TradingDbContext}"/> (for Blazor components and background jobs); on PostgreSQL
    /// also the <see cref="Npgsql.NpgsqlDataSource"/> both use.
    /// </summary>
    public static IServiceCollection AddTradingDbContext(this IServiceCollection services, DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.Postgres => services.AddTradingDbContext<PostgresTradingDbContext>(provider, connectionString),
            _ => services.AddTradingDbContext<SqliteTradingDbContext>(provider, connectionString),
        };

    private static IServiceCollection AddTradingDbContext<TContext>(this IServiceCollection services, DatabaseProvider provider, string connectionString)
        where TContext : TradingDbContext
    {
        services.Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3);
        if (provider == DatabaseProvider.Postgres)
        {
            // One pool for EF Core and the few hot paths that write with plain SQL (order placement).
            services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create(WithAutoPrepare(connectionString)));
        }
        services.AddDbContextFactory<TContext>((sp, options) =>
        {
            if (provider == DatabaseProvider.Postgres)
            {
                options.UseNpgsql(sp.GetRequiredService<Npgsql.NpgsqlDataSource>());
            }
            else
            {
                options.UseSqlite(connectionString);
            }
            options.UseSnakeCaseNamingConvention();
        });
        services.AddScoped<TradingDbContext>(sp => sp.GetRequiredService<TContext>());
        services.AddSingleton<IDbContextFactory<TradingDbContext>, TradingDbContextFactory<TContext>>();
        return services;
    }

    /// <summary>
    /// Statements the app runs again and again (order placement, blotter pages) are prepared once per connection, unless
    /// the connection string sets Max Auto Prepare itself (0 behind PgBouncer in transaction mode).
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare")) return connectionString;
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ConnectionString;
    }

    private sealed class TradingDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<TradingDbContext>
        where TContext : TradingDbContext
    {
        public TradingDbContext CreateDbContext() => inner.CreateDbContext();
        public async Task<TradingDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
