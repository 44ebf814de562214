using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trading.Data.Entities;

namespace Trading.Data.Configurations;

internal sealed class StrategyConfiguration : IEntityTypeConfiguration<Strategy>
{
    public void Configure(EntityTypeBuilder<Strategy> builder)
    {
        builder.ToTable("strategies");
        builder.Property(s => s.Code).HasMaxLength(64);
        builder.Property(s => s.BuiltInKey).HasMaxLength(64);
        builder.Property(s => s.Name).HasMaxLength(128);
        builder.Property(s => s.Description).HasMaxLength(4000);
        builder.Property(s => s.Category).HasMaxLength(64);
        builder.Property(s => s.InstrumentTypes).HasMaxLength(64);
        builder.Property(s => s.Author).HasMaxLength(128);
        builder.Property(s => s.StatusChangedBy).HasMaxLength(256);
        builder.Property(s => s.AlgoId).HasMaxLength(32);
        builder.Property(s => s.MinimumCapital).HasPrecision(18, 2);
        builder.HasIndex(s => s.Code).IsUnique();
        builder.HasIndex(s => s.Status);
    }
}

internal sealed class StrategyVersionConfiguration : IEntityTypeConfiguration<StrategyVersion>
{
    public void Configure(EntityTypeBuilder<StrategyVersion> builder)
    {
        builder.ToTable("strategy_versions");
        builder.Property(s => s.BuiltInKey).HasMaxLength(64);
        builder.Property(s => s.Name).HasMaxLength(128);
        builder.Property(s => s.Description).HasMaxLength(4000);
        builder.Property(s => s.Category).HasMaxLength(64);
        builder.Property(s => s.InstrumentTypes).HasMaxLength(64);
        builder.Property(s => s.CreatedBy).HasMaxLength(256);
        builder.Property(s => s.AlgoId).HasMaxLength(32);
        builder.Property(s => s.MinimumCapital).HasPrecision(18, 2);
        builder.HasOne(s => s.Strategy).WithMany().HasForeignKey(s => s.StrategyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.StrategyId, s.Version }).IsUnique();
    }
}

internal sealed class UserStrategyConfiguration : IEntityTypeConfiguration<UserStrategy>
{
    public void Configure(EntityTypeBuilder<UserStrategy> builder)
    {
        builder.ToTable("user_strategies");
        builder.Property(s => s.StatusReason).HasMaxLength(500);
        builder.Property(s => s.AllocatedCapital).HasPrecision(18, 2);
        builder.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Strategy).WithMany().HasForeignKey(s => s.StrategyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.StrategyVersion).WithMany().HasForeignKey(s => s.StrategyVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<BrokerAccount>().WithMany().HasForeignKey(s => s.BrokerAccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Symbols).WithOne().HasForeignKey(s => s.UserStrategyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.UserId, s.Status });
        builder.HasIndex(s => new { s.StrategyId, s.Status });
        builder.HasIndex(s => s.Status);
    }
}

internal sealed class UserStrategySymbolConfiguration : IEntityTypeConfiguration<UserStrategySymbol>
{
    public void Configure(EntityTypeBuilder<UserStrategySymbol> builder)
    {
        builder.ToTable("user_strategy_symbols");
        builder.Property(s => s.SymbolToken).HasMaxLength(32);
        builder.Property(s => s.TradingSymbol).HasMaxLength(64);
        builder.HasIndex(s => new { s.UserStrategyId, s.Exchange, s.SymbolToken }).IsUnique();
    }
}

internal sealed class UserStrategyRevisionConfiguration : IEntityTypeConfiguration<UserStrategyRevision>
{
    public void Configure(EntityTypeBuilder<UserStrategyRevision> builder)
    {
        builder.ToTable("user_strategy_revisions");
        builder.HasOne<UserStrategy>().WithMany().HasForeignKey(r => r.UserStrategyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.UserStrategyId, r.Revision }).IsUnique();
    }
}

internal sealed class StrategySignalConfiguration : IEntityTypeConfiguration<StrategySignal>
{
    public void Configure(EntityTypeBuilder<StrategySignal> builder)
    {
        builder.ToTable("strategy_signals");
        builder.Property(s => s.SymbolToken).HasMaxLength(32);
        builder.Property(s => s.ClientOrderId).HasMaxLength(64);
        builder.Property(s => s.Outcome).HasMaxLength(500);
        builder.HasOne<UserStrategy>().WithMany().HasForeignKey(s => s.UserStrategyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.UserStrategyId, s.Exchange, s.SymbolToken, s.BarTime }).IsUnique();
    }
}

internal sealed class StrategyDayMatchConfiguration : IEntityTypeConfiguration<StrategyDayMatch>
{
    public void Configure(EntityTypeBuilder<StrategyDayMatch> builder)
    {
        builder.ToTable("strategy_day_matches");
        builder.HasKey(m => new { m.UserStrategyId, m.Day });
        builder.Property(m => m.LivePnl).HasPrecision(18, 2);
        builder.Property(m => m.ReplayPnl).HasPrecision(18, 2);
        builder.HasOne<UserStrategy>().WithMany().HasForeignKey(m => m.UserStrategyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BacktestConfiguration : IEntityTypeConfiguration<Backtest>
{
    public void Configure(EntityTypeBuilder<Backtest> builder)
    {
        builder.ToTable("backtests");
        builder.Property(b => b.SymbolToken).HasMaxLength(32);
        builder.Property(b => b.TradingSymbol).HasMaxLength(64);
        builder.Property(b => b.InitialCapital).HasPrecision(18, 2);
        builder.Property(b => b.NetPnl).HasPrecision(18, 2);
        builder.Property(b => b.TradesHash).HasMaxLength(64);
        builder.Property(b => b.Error).HasMaxLength(1000);
        builder.HasOne(b => b.Strategy).WithMany().HasForeignKey(b => b.StrategyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(b => b.UserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(b => new { b.StrategyId, b.CreatedAt });
        builder.HasIndex(b => new { b.UserId, b.CreatedAt });
    }
}

internal sealed class CandleConfiguration : IEntityTypeConfiguration<Candle>
{
    public void Configure(EntityTypeBuilder<Candle> builder)
    {
        builder.ToTable("candles");
        builder.HasKey(c => new { c.Exchange, c.SymbolToken, c.Interval, c.Time });
        builder.Property(c => c.SymbolToken).HasMaxLength(32);
    }
}
