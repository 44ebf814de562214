using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trading.Data.Entities;

namespace Trading.Data.Configurations;

internal sealed class InstrumentConfiguration : IEntityTypeConfiguration<Instrument>
{
    public void Configure(EntityTypeBuilder<Instrument> builder)
    {
        builder.ToTable("instruments");
        builder.Property(i => i.SymbolToken).HasMaxLength(32);
        builder.Property(i => i.TradingSymbol).HasMaxLength(64);
        builder.Property(i => i.Name).HasMaxLength(128);
        builder.Property(i => i.InstrumentType).HasMaxLength(16);
        builder.Property(i => i.TickSize).HasPrecision(10, 4);
        builder.HasIndex(i => new { i.Exchange, i.SymbolToken }).IsUnique();
        builder.HasIndex(i => i.TradingSymbol);
        builder.HasIndex(i => i.Name);
    }
}
