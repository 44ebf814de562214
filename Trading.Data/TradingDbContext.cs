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
    public DbSet<AdminAuditEntry> AdminAudit => Set<AdminAuditEntry>();
    public DbSet<BrokerAccount> BrokerAccounts => Set<BrokerAccount>();
    public DbSet<Instrument> Instruments => Set<Instrument>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();
    public DbSet<OrderClientId> OrderClientIds => Set<OrderClientId>();
    public DbSet<Trade> Trades => Set<Trade>();
    public DbSet<Position> Positions => Set<Position>();
    public DbSet<Strategy> Strategies => Set<Strategy>();
    public DbSet<StrategyVersion> StrategyVersions => Set<StrategyVersion>();
    public DbSet<UserStrategy> UserStrategies => Set<UserStrategy>();
    public DbSet<UserStrategySymbol> UserStrategySymbols => Set<UserStrategySymbol>();
    public DbSet<UserStrategyRevision> UserStrategyRevisions => Set<UserStrategyRevision>();
    public DbSet<StrategySignal> StrategySignals => Set<StrategySignal>();
    public DbSet<StrategyDayMatch> StrategyDayMatches => Set<StrategyDayMatch>();
    public DbSet<Backtest> Backtests => Set<Backtest>();
    public DbSet<Candle> Candles => Set<Candle>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<NotificationEmail> NotificationEmails => Set<NotificationEmail>();
    public DbSet<HealthEvent> HealthEvents => Set<HealthEvent>();
    public DbSet<CapitalChange> CapitalChanges => Set<CapitalChange>();
    public DbSet<TradingSession> TradingSessions => Set<TradingSession>();
    public DbSet<RiskRule> RiskRules => Set<RiskRule>();
    public DbSet<RiskViolation> RiskViolations => Set<RiskViolation>();
    public DbSet<TraderRiskState> TraderRiskStates => Set<TraderRiskState>();
    public DbSet<WatchlistItem> WatchlistItems => Set<WatchlistItem>();
    public DbSet<PaperOrder> PaperOrders => Set<PaperOrder>();
    public DbSet<PaperTrade> PaperTrades => Set<PaperTrade>();
    public DbSet<PaperFundTransfer> PaperFundTransfers => Set<PaperFundTransfer>();
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
            var version = builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version));
            if (UsesAppVersion(entity.ClrType))
            {
                version.IsConcurrencyToken();
            }
            else
            {
                version.IsRowVersion(); // PostgreSQL's xmin: nothing to store, nothing to bump
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="entityType"/>'s version is a counter the context bumps on every update (SQLite, which
    /// has no row version; and PostgreSQL's partitioned orders, whose xmin an INSERT … RETURNING cannot read).
    /// </summary>
    protected abstract bool UsesAppVersion(Type entityType);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified && UsesAppVersion(entry.Entity.GetType()))
            {
                entry.Entity.Version++;
            }
        }
    }
}
