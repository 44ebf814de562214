namespace Trading.Data.Entities;

public enum RiskRuleKind
{
    MaxDailyLoss,
    MaxOrderValue,
    MaxPositionValue,
    MaxOpenPositions,
    MaxOrdersPerSecond,
    MaxOrdersPerDay,
    MaxQuantityPerOrder,
    MaxDrawdownPercent,
}
public enum RiskScope { Account, Strategy, Symbol }
public enum RiskTiming { PreTrade, PostTrade }
public enum RiskAction { Alert, Block, PauseStrategies, CancelOrders, SquareOff, KillSwitch }

public class RiskRule
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public RiskRuleKind Kind { get; set; }
    public decimal Threshold { get; set; }
    public RiskScope Scope { get; set; }
    /// <summary>Strategy id or symbol the rule is limited to; null for the whole account.</summary>
    public string? ScopeValue { get; set; }
    public RiskTiming Timing { get; set; }
    public RiskAction Action { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public class RiskViolation
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public Guid? RiskRuleId { get; set; }
    public RiskRule? RiskRule { get; set; }
    public Guid? OrderId { get; set; }
    public RiskRuleKind Kind { get; set; }
    public decimal ObservedValue { get; set; }
    public decimal Threshold { get; set; }
    public RiskAction ActionTaken { get; set; }
    public string Message { get; set; } = "";
    public DateTime OccurredAt { get; set; }
}
