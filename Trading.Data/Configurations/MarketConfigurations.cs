using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trading.Data.Entities;

namespace Trading.Data.Configurations;

internal sealed class WatchlistItemConfiguration : IEntityTypeConfiguration<WatchlistItem>
{
    public void Configure(EntityTypeBuilder<WatchlistItem> builder)
    {
        builder.ToTable("watchlist_items");
        builder.Property(w => w.SymbolToken).HasMaxLength(32);
        builder.Property(w => w.TradingSymbol).HasMaxLength(64);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(w => w.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(w => new { w.UserId, w.Exchange, w.SymbolToken }).IsUnique();
    }
}

internal sealed class PaperOrderConfiguration : IEntityTypeConfiguration<PaperOrder>
{
    public void Configure(EntityTypeBuilder<PaperOrder> builder)
    {
        builder.ToTable("paper_orders");
        builder.Property(o => o.BrokerOrderId).HasMaxLength(64);
        builder.Property(o => o.SymbolToken).HasMaxLength(32);
        builder.Property(o => o.TradingSymbol).HasMaxLength(64);
        builder.Property(o => o.RejectionReason).HasMaxLength(500);
        builder.Property(o => o.Tag).HasMaxLength(32);
        builder.Property(o => o.ParentBrokerOrderId).HasMaxLength(64);
        builder.HasOne<BrokerAccount>().WithMany().HasForeignKey(o => o.BrokerAccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(o => o.BrokerOrderId).IsUnique();
        builder.HasIndex(o => new { o.BrokerAccountId, o.Status });
        builder.HasIndex(o => new { o.Exchange, o.SymbolToken, o.Status });
    }
}

internal sealed class PaperTradeConfiguration : IEntityTypeConfiguration<PaperTrade>
{
    public void Configure(EntityTypeBuilder<PaperTrade> builder)
    {
        builder.ToTable("paper_trades");
        builder.Property(t => t.FillId).HasMaxLength(64);
        builder.Property(t => t.SymbolToken).HasMaxLength(32);
        builder.Property(t => t.TradingSymbol).HasMaxLength(64);
        builder.HasOne<PaperOrder>().WithMany().HasForeignKey(t => t.PaperOrderId).IsRequired(false).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.BrokerAccountId, t.FilledAt });
        builder.HasIndex(t => t.PaperOrderId);
        builder.Property(t => t.Charges).HasPrecision(18, 2);
    }
}

internal sealed class PaperFundTransferConfiguration : IEntityTypeConfiguration<PaperFundTransfer>
{
    public void Configure(EntityTypeBuilder<PaperFundTransfer> builder)
    {
        builder.ToTable("paper_fund_transfers");
        builder.Property(t => t.Amount).HasPrecision(18, 2);
        builder.Property(t => t.Note).HasMaxLength(200);
        builder.HasIndex(t => new { t.BrokerAccountId, t.At });
    }
}
