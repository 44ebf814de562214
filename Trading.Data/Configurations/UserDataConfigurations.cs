using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trading.Data.Entities;

namespace Trading.Data.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.Property(n => n.Title).HasMaxLength(200);
        builder.Property(n => n.Body).HasMaxLength(2000);
        builder.Property(n => n.Link).HasMaxLength(500);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.UserId, n.IsRead, n.CreatedAt });
        builder.HasOne(n => n.Digest).WithMany().HasForeignKey(n => n.DigestId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> builder)
    {
        builder.ToTable("notification_preferences");
        builder.HasKey(p => new { p.UserId, p.Kind });
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationEmailConfiguration : IEntityTypeConfiguration<NotificationEmail>
{
    public void Configure(EntityTypeBuilder<NotificationEmail> builder)
    {
        builder.ToTable("notification_emails");
        builder.Property(e => e.Subject).HasMaxLength(200);
        builder.Property(e => e.LastError).HasMaxLength(500);
        builder.HasOne(e => e.Notification).WithMany().HasForeignKey(e => e.NotificationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.Status, e.NextAttemptAt });
        builder.HasIndex(e => new { e.UserId, e.SentAt });
    }
}

internal sealed class TradingSessionConfiguration : IEntityTypeConfiguration<TradingSession>
{
    public void Configure(EntityTypeBuilder<TradingSession> builder)
    {
        builder.ToTable("trading_sessions");
        builder.Property(s => s.OpeningCapital).HasPrecision(18, 2);
        builder.Property(s => s.ClosingCapital).HasPrecision(18, 2);
        builder.Property(s => s.RealizedPnl).HasPrecision(18, 2);
        builder.Property(s => s.Charges).HasPrecision(18, 2);
        builder.Property(s => s.MaxDrawdown).HasPrecision(18, 2);
        builder.Property(s => s.SuccessRate).HasPrecision(7, 4);
        builder.Property(s => s.Deposits).HasPrecision(18, 2);
        builder.Property(s => s.Withdrawals).HasPrecision(18, 2);
        builder.Property(s => s.UnrealizedPnl).HasPrecision(18, 2);
        builder.Property(s => s.NetPnl).HasPrecision(18, 2);
        builder.Property(s => s.PeakNetPnl).HasPrecision(18, 2);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.UserId, s.TradingDay }).IsUnique();
        builder.HasIndex(s => new { s.EndedAt, s.TradingDay });
    }
}

internal sealed class CapitalChangeConfiguration : IEntityTypeConfiguration<CapitalChange>
{
    public void Configure(EntityTypeBuilder<CapitalChange> builder)
    {
        builder.ToTable("capital_changes");
        builder.Property(c => c.Amount).HasPrecision(18, 2);
        builder.Property(c => c.Note).HasMaxLength(200);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.UserId, c.TradingDay });
    }
}

internal sealed class RiskRuleConfiguration : IEntityTypeConfiguration<RiskRule>
{
    public void Configure(EntityTypeBuilder<RiskRule> builder)
    {
        builder.ToTable("risk_rules");
        builder.Property(r => r.ScopeValue).HasMaxLength(64);
        builder.Property(r => r.Parameter).HasMaxLength(1000);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.UserId, r.Enabled });
    }
}

internal sealed class RiskViolationConfiguration : IEntityTypeConfiguration<RiskViolation>
{
    public void Configure(EntityTypeBuilder<RiskViolation> builder)
    {
        builder.ToTable("risk_violations");
        builder.Property(v => v.Message).HasMaxLength(1000);
        builder.Property(v => v.OrderRequest).HasMaxLength(500);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(v => v.RiskRule).WithMany().HasForeignKey(v => v.RiskRuleId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(v => new { v.UserId, v.OccurredAt });
    }
}

internal sealed class TraderRiskStateConfiguration : IEntityTypeConfiguration<TraderRiskState>
{
    public void Configure(EntityTypeBuilder<TraderRiskState> builder)
    {
        builder.ToTable("trader_risk_states");
        builder.HasKey(s => s.UserId);
        builder.Property(s => s.Reason).HasMaxLength(500);
        builder.Property(s => s.SetBy).HasMaxLength(256);
        builder.Property(s => s.KillSwitchReport).HasMaxLength(8000);
        builder.Property(s => s.PeakPnl).HasPrecision(18, 2);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> builder) =>
        builder.ToTable("data_protection_keys");
}

internal sealed class AdminAuditEntryConfiguration : IEntityTypeConfiguration<AdminAuditEntry>
{
    public void Configure(EntityTypeBuilder<AdminAuditEntry> builder)
    {
        builder.ToTable("admin_audit");
        builder.Property(a => a.AdminEmail).HasMaxLength(256);
        builder.Property(a => a.TargetEmail).HasMaxLength(256);
        builder.Property(a => a.Reason).HasMaxLength(500);
        builder.Property(a => a.Details).HasMaxLength(1000);
        builder.HasIndex(a => a.OccurredAt);
        builder.HasIndex(a => new { a.TargetUserId, a.OccurredAt });
        builder.HasIndex(a => new { a.AdminId, a.OccurredAt });
    }
}

internal sealed class HealthEventConfiguration : IEntityTypeConfiguration<HealthEvent>
{
    public void Configure(EntityTypeBuilder<HealthEvent> builder)
    {
        builder.ToTable("health_events");
        builder.Property(e => e.Component).HasMaxLength(64);
        builder.Property(e => e.Detail).HasMaxLength(500);
        builder.Property(e => e.Instance).HasMaxLength(128);
        builder.HasIndex(e => new { e.Component, e.At });
        builder.HasIndex(e => e.At);
    }
}
