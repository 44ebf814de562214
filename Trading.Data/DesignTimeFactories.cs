using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Trading.Data;

/// <summary>Used by <c>dotnet ef</c> only; built the way the app builds its contexts.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresTradingDbContext>
{
    public PostgresTradingDbContext CreateDbContext(string[] args) =>
        new ServiceCollection().AddTradingDbContext(DatabaseProvider.Postgres, "Host=localhost;Database=trading_design")
            .BuildServiceProvider().GetRequiredService<PostgresTradingDbContext>();
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTradingDbContext>
{
    public SqliteTradingDbContext CreateDbContext(string[] args) =>
        new ServiceCollection().AddTradingDbContext(DatabaseProvider.Sqlite, "Data Source=design.db")
            .BuildServiceProvider().GetRequiredService<SqliteTradingDbContext>();
}
