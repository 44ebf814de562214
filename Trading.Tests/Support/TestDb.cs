using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;

namespace Trading.Tests.Support;

/// <summary>Builds the app's contexts the way the app does (same registration), for tests below the web layer.</summary>
public static class TestDb
{
    public static ServiceProvider Services(DatabaseProvider provider, string connectionString) =>
        new ServiceCollection().AddTradingDbContext(provider, connectionString).BuildServiceProvider();

    public static TradingDbContext Create(this ServiceProvider services) =>
        services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
}
