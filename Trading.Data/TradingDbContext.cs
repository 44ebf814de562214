using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Trading.Data.Entities;

namespace Trading.Data;

/// <summary>
/// The one context of the app. Provider-specific details live in <see cref="PostgresTradingDbContext"/>
/// and <see cref="SqliteTradingDbContext"/>, each with its own migrations:
/// <code>
/// dotnet ef migrations add NAME --project Trading.Data --context PostgresTradingDbContext --output-dir Migrations/Postgres
/// dotnet ef migrations add NAME --project Trading.Data --context SqliteTradingDbContext --output-dir Migrations/Sqlite
/// </code>
/// </summary>
public abstract class TradingDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser, ApplicationRole, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<LoginHistory> LoginHistory => Set<LoginHistory>();
    public DbSet<BrokerAccount> BrokerAccounts => Set<BrokerAccount>();
    public DbSet<Instrument> Instruments => Set<Instrument>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();
    public DbSet<Trade> Trades => Set<Trade>();
    public DbSet<Position> Positions => Set<Position>();
    public DbSet<Strategy> Strategies => Set<Strategy>();
    public DbSet<UserStrategy> UserStrategies => Set<UserStrategy>();
    public DbSet<Backtest> Backtests => Set<Backtest>();
    public DbSet<Candle> Candles => Set<Candle>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<TradingSession> TradingSessions => Set<TradingSession>();
    public DbSet<RiskRule> RiskRules => Set<RiskRule>();
    public DbSet<RiskViolation> RiskViolations => Set<RiskViolation>();
    public DbSet<WatchlistItem> WatchlistItems => Set<WatchlistItem>();
    public DbSet<PaperOrder> PaperOrders => Set<PaperOrder>();
    public DbSet<PaperTrade> PaperTrades => Set<PaperTrade>();
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored as their names, so rows read well in SQL and survive reordering.
        foreach (var enumType in typeof(TradingDbContext).Assembly.GetTypes().Where(t => t.IsEnum && t.Namespace == typeof(Order).Namespace))
        {
            configurationBuilder.Properties(enumType).HaveConversion<string>().HaveMaxLength(32);
        }
        configurationBuilder.Properties<decimal>().HavePrecision(18, 4);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        // Identity reads its schema version (3: passkeys) from IdentityOptions; AddTradingDbContext sets it.
        base.OnModelCreating(builder);
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserPasskey<Guid>>().ToTable("user_passkeys");
        builder.ApplyConfigurationsFromAssembly(typeof(TradingDbContext).Assembly);
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(IVersioned).IsAssignableFrom(e.ClrType)))
        {
            ConfigureConcurrencyToken(builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)));
        }
    }

    /// <summary>PostgreSQL uses xmin; SQLite an app-maintained counter.</summary>
    protected abstract void ConfigureConcurrencyToken(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder version);
}
