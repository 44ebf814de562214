using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Funds;
using Trading.Web.Features.Live;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Notifications;
using Trading.Web.Features.Orders;
using Trading.Web.Features.Positions;
using Trading.Web.Features.Security;
using Trading.Web.Features.Strategies;
using Trading.Web.Features.Risk;
using Trading.Web.Infrastructure;

namespace Trading.Benchmarks;

/// <summary>The app's real order services on a fresh PostgreSQL database (no web server), for the order benchmarks.</summary>
public sealed class BenchApp : IAsyncDisposable
{
    private readonly string _admin;
    public string Database { get; }
    public string ConnectionString { get; }
    public ServiceProvider Services { get; }
    private readonly List<IHostedService> _started = [];

    private BenchApp(string admin, string database, string connectionString, ServiceProvider services)
    {
        _admin = admin;
        Database = database;
        ConnectionString = connectionString;
        Services = services;
    }

    public static async Task<BenchApp> StartAsync()
    {
        var admin = Environment.GetEnvironmentVariable("TRADING_TEST_POSTGRES") ?? throw new InvalidOperationException("Run through scripts/bench.sh");
        var name = "trading_bench_" + Guid.NewGuid().ToString("N")[..8];
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c).ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 50 }.ConnectionString;
        // The app's own feature registrations on a plain host (no web server), as Program makes them.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, Trading.Web.Infrastructure.MarketRatesSettings.FileName), optional: false);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Trading"] = cs,
            ["MarketData:Feed"] = "None",
            ["Paper:TradeOutsideMarketHours"] = "true",
            ["Paper:SlippagePercent"] = "0",
            ["DataProtection:KeyEncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddTradingDatabase();
        builder.AddLive();
        builder.AddMarketData();
        builder.AddBroker();
        builder.AddOrders();
        builder.AddPositions();
        builder.AddFunds();
        builder.AddNotifications();
        builder.AddSecurity();
        builder.AddStrategies();
        builder.AddRisk();
        var provider = builder.Services.BuildServiceProvider();
        var app = new BenchApp(admin, name, cs, provider);
        await using (var db = provider.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext())
        {
            await db.Database.MigrateAsync();
        }
        await provider.GetRequiredService<OrderPartitionMaintenance>().EnsurePartitionsAsync(DateTime.UtcNow);
        await using (var master = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "instrument-master.sample.json")))
        {
            await provider.GetRequiredService<InstrumentImporter>().ImportAsync(master, retireMissing: false);
        }
        foreach (var hosted in new IHostedService[] { provider.GetRequiredService<MarketDataPipeline>(), provider.GetRequiredService<Trading.Web.Features.Broker.Paper.PaperFillEngine>() })
        {
            await hosted.StartAsync(CancellationToken.None);
            app._started.Add(hosted);
        }
        return app;
    }

    /// <summary>A trader with a large paper account (funds never run out during a benchmark).</summary>
    public async Task<Guid> CreateTraderAsync()
    {
        await using var db = Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
        var now = DateTime.UtcNow;
        var user = new ApplicationUser { Id = Guid.CreateVersion7(), UserName = $"bench-{Guid.NewGuid():N}@x", Email = "bench@x", DisplayName = "Bench", TradingCapital = 1_000_000_000_000m, CreatedAt = now };
        db.Users.Add(user);
        db.BrokerAccounts.Add(new BrokerAccount { Id = Guid.CreateVersion7(), UserId = user.Id, Broker = BrokerKind.Paper, Label = "Paper", ClientCode = "PAPER", IsDefault = true, Status = BrokerAccountStatus.Connected, CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync();
        return user.Id;
    }

    public async Task<Guid> AccountOfAsync(Guid userId)
    {
        await using var db = Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
        return await db.BrokerAccounts.Where(a => a.UserId == userId).Select(a => a.Id).SingleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _started) await hosted.StopAsync(CancellationToken.None);
        await Services.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(_admin);
        await c.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)", c).ExecuteNonQueryAsync();
    }
}
