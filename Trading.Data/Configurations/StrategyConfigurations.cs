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
        builder.Property(s => s.Name).HasMaxLength(128);
        builder.Property(s => s.Description).HasMaxLength(4000);
        builder.Property(s => s.Category).HasMaxLength(64);
        builder.Property(s => s.Author).HasMaxLength(128);
        builder.Property(s => s.AlgoId).HasMaxLength(32);
        builder.Property(s => s.MinimumCapital).HasPrecision(18, 2);
        builder.HasIndex(s => s.Code).IsUnique();
        builder.HasIndex(s => s.IsPublished);
    }
}

internal sealed class UserStrategyConfiguration : IEntityTypeConfiguration<UserStrategy>
{
    public void Configure(EntityTypeBuilder<UserStrategy> builder)
    {
        builder.ToTable("user_strategies");
        builder.Property(s => s.StatusReason).HasMaxLength(500);
        builder.Property(s => s.AllocatedCapital).HasPrecision(18, 2);
        builder.Property(s => s.RealizedPnl).HasPrecision(18, 2);
        builder.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Strategy).WithMany().HasForeignKey(s => s.StrategyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.UserId, s.Status });
        builder.HasIndex(s => new { s.StrategyId, s.Status });
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
        builder.Property(b => b.Error).HasMaxLength(1000);
        builder.HasOne(b => b.Strategy).WithMany().HasForeignKey(b => b.StrategyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(b => b.UserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(b => new { b.StrategyId, b.CreatedAt });
        builder.HasIndex(b => b.UserId);
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
