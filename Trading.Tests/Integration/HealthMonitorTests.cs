using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Health;

namespace Trading.Tests.Integration;

/// <summary>The health monitor on real PostgreSQL and a real Redis of its own, stopped and started again.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class HealthMonitorTests
{
    [Fact]
    public async Task Redis_stopped_tells_admins_once_and_recovered_once_more_and_the_same_state_again_tells_nobody()
    {
        using var redis = new RedisProcess();
        await redis.StartAsync();
        await using var postgres = new PostgresDatabase();
        await postgres.InitializeAsync();
        await using var app = TradingAppFactory.ForPostgres(postgres.ConnectionString, redis.ConnectionString).With("MarketData:Feed", "None")
            .With("Jobs:HealthMonitor:Enabled", "false");
        var services = app.Services;
        var (adminId, _) = await TestUsers.CreateAdminAsync(services);
        var (traderId, _) = await TestUsers.CreateTraderAsync(services);
        var monitor = services.GetRequiredService<HealthMonitor>();
        var dbFactory = services.GetRequiredService<IDbContextFactory<TradingDbContext>>();
        async Task<List<string>> ToldAsync(Guid userId)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            return await db.Notifications.AsNoTracking().Where(n => n.UserId == userId && n.Kind == NotificationKind.ServiceHealth)
                .OrderBy(n => n.Id).Select(n => n.Title).ToListAsync();
        }

        await monitor.RunAsync(CancellationToken.None);
        Assert.Equal(HealthState.Healthy, monitor.Current.Single(c => c.Component == "redis").State);
        Assert.Empty(await ToldAsync(adminId)); // first seen healthy: recorded, nobody told

        redis.Stop();
        await Eventually.TrueAsync(async () =>
        {
            await monitor.RunAsync(CancellationToken.None);
            return monitor.Current.Single(c => c.Component == "redis").State == HealthState.Unhealthy;
        }, "Redis seen down", TimeSpan.FromSeconds(30));
        await monitor.RunAsync(CancellationToken.None); // still down: no second notice
        Assert.Equal(["Redis down"], await ToldAsync(adminId));

        await redis.StartAsync();
        await Eventually.TrueAsync(async () =>
        {
            await monitor.RunAsync(CancellationToken.None);
            return monitor.Current.Single(c => c.Component == "redis").State == HealthState.Healthy;
        }, "Redis seen back", TimeSpan.FromSeconds(30));
        await monitor.RunAsync(CancellationToken.None);
        Assert.Equal(["Redis down", "Redis recovered"], await ToldAsync(adminId));
        Assert.Empty(await ToldAsync(traderId)); // service health is for admins

        var history = await monitor.HistoryAsync();
        Assert.Equal([HealthState.Healthy, HealthState.Unhealthy, HealthState.Healthy], history.Where(e => e.Component == "redis").Reverse().Select(e => e.State));
        Assert.Contains(history, e => e.Component == "database" && e.State == HealthState.Healthy);
    }
}
