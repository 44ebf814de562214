using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trading.Data.Entities;

namespace Trading.Data.Configurations;

internal sealed class BrokerAccountConfiguration : IEntityTypeConfiguration<BrokerAccount>
{
    public void Configure(EntityTypeBuilder<BrokerAccount> builder)
    {
        builder.ToTable("broker_accounts");
        builder.Property(a => a.Label).HasMaxLength(100);
        builder.Property(a => a.ClientCode).HasMaxLength(32);
        builder.Property(a => a.ApiKeyHint).HasMaxLength(8);
        builder.Property(a => a.StaticIp).HasMaxLength(64);
        builder.Property(a => a.LastError).HasMaxLength(1000);
        builder.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.UserId);
        builder.HasIndex(a => new { a.UserId, a.Broker, a.ClientCode }).IsUnique();
    }
}
