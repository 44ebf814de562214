namespace Trading.Data.Entities;

public enum AdminAction { Suspend, Reactivate, GrantAdmin, RevokeAdmin, EndSessions, InstrumentRefresh, CandleImport, StrategyCreate, StrategyEdit, StrategyStatus, LiftTradingState, SystemNews }

/// <summary>
/// One thing an admin did, for accountability: who, what, to whom, when, why and with what result. Append-only; names
/// and emails are copied so the entry still reads right after an account changes or goes.
/// </summary>
public class AdminAuditEntry
{
    public long Id { get; set; }
    public Guid AdminId { get; set; }
    public string AdminEmail { get; set; } = "";
    public AdminAction Action { get; set; }
    public Guid? TargetUserId { get; set; }
    public string? TargetEmail { get; set; }
    public string Reason { get; set; } = "";
    /// <summary>What came of it, in words (e.g. "2 sessions ended", "150,000 instruments imported").</summary>
    public string? Details { get; set; }
    public DateTime OccurredAt { get; set; }
}
