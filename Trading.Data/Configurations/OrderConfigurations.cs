using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trading.Data.Entities;

namespace Trading.Data.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        // PostgreSQL partitions orders by month on created_at (see the OrdersPartitioning migration): the key includes it.
        builder.ToTable("orders");
        builder.HasKey(o => new { o.Id, o.CreatedAt });
        builder.Property(o => o.ClientOrderId).HasMaxLength(64);
        builder.Property(o => o.BrokerOrderId).HasMaxLength(64);
        builder.Property(o => o.TradingSymbol).HasMaxLength(64);
        builder.Property(o => o.SymbolToken).HasMaxLength(32);
        builder.Property(o => o.ErrorCode).HasMaxLength(32);
        builder.Property(o => o.ErrorMessage).HasMaxLength(1000);
        builder.Property(o => o.Tag).HasMaxLength(32);
        builder.HasOne(o => o.User).WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(o => o.UserStrategy).WithMany().HasForeignKey(o => o.UserStrategyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<BrokerAccount>().WithMany().HasForeignKey(o => o.BrokerAccountId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<TradingSession>().WithMany().HasForeignKey(o => o.TradingSessionId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(o => new { o.UserId, o.ClientOrderId });
        builder.HasIndex(o => new { o.UserId, o.Status, o.CreatedAt });
        builder.HasIndex(o => new { o.UserId, o.CreatedAt, o.Id });
        builder.HasIndex(o => o.BrokerOrderId);
    }
}

internal sealed class OrderClientIdConfiguration : IEntityTypeConfiguration<OrderClientId>
{
    public void Configure(EntityTypeBuilder<OrderClientId> builder)
    {
        builder.ToTable("order_client_ids");
        builder.HasKey(k => new { k.UserId, k.ClientOrderId });
        builder.Property(k => k.ClientOrderId).HasMaxLength(64);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(k => k.OrderId);
    }
}

// order_events and trades reference orders by id without a database foreign key: a key into a partitioned table
// would have to carry created_at too. The order pipeline is the only writer of both.
internal sealed class OrderEventConfiguration : IEntityTypeConfiguration<OrderEvent>
{
    public void Configure(EntityTypeBuilder<OrderEvent> builder)
    {
        builder.ToTable("order_events");
        builder.Property(e => e.Message).HasMaxLength(1000);
        builder.HasIndex(e => new { e.OrderId, e.OccurredAt });
        builder.HasIndex(e => new { e.UserId, e.OccurredAt });
    }
}

internal sealed class TradeConfiguration : IEntityTypeConfiguration<Trade>
{
    public void Configure(EntityTypeBuilder<Trade> builder)
    {
        builder.ToTable("trades");
        builder.Property(t => t.BrokerTradeId).HasMaxLength(64);
        builder.Property(t => t.TradingSymbol).HasMaxLength(64);
        builder.Property(t => t.SymbolToken).HasMaxLength(32);
        builder.Property(t => t.Charges).HasPrecision(18, 4);
        foreach (var line in new[] { nameof(Trade.Brokerage), nameof(Trade.Stt), nameof(Trade.ExchangeCharges), nameof(Trade.Ipft),
                     nameof(Trade.SebiFee), nameof(Trade.StampDuty), nameof(Trade.DpCharges), nameof(Trade.Gst) })
        {
            builder.Property<decimal>(line).HasPrecision(18, 2);
        }
        builder.HasIndex(t => t.OrderId);
        builder.HasIndex(t => new { t.UserId, t.TradedAt });
    }
}

internal sealed class PositionConfiguration : IEntityTypeConfiguration<Position>
{
    public void Configure(EntityTypeBuilder<Position> builder)
    {
        builder.ToTable("positions");
        builder.Property(p => p.TradingSymbol).HasMaxLength(64);
        builder.Property(p => p.SymbolToken).HasMaxLength(32);
        builder.Property(p => p.BuyValue).HasPrecision(20, 4);
        builder.Property(p => p.SellValue).HasPrecision(20, 4);
        builder.Property(p => p.RealizedPnl).HasPrecision(18, 2);
        builder.Property(p => p.Charges).HasPrecision(18, 2);
        builder.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.UserId, p.TradingSymbol });
        builder.HasIndex(p => new { p.UserId, p.ClosedAt });
    }
}
