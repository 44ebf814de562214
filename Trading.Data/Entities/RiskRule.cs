namespace Trading.Data.Entities;

public enum RiskRuleKind
{
    MaxOrderValue,
    MaxQuantityPerOrder,
    MaxPositionValue,
    MaxOpenPositions,
    MaxDailyLoss,
    MaxDrawdownPercent,
    DailyProfitTarget,
    MaxOrdersPerDay,
    MaxOrdersPerSecond,
    MaxExposurePercent,
    TradingWindow,
    SymbolBlocklist,
}

/// <summary>What a rule watches: every account of the trader, one account, one strategy activation or one symbol.</summary>
public enum RiskScope { AllAccounts, Account, Strategy, Symbol }

public enum RiskTiming { PreTrade, PostTrade, Both }

/// <summary>What a breach does: refuse the order, allow only risk-reducing orders, pause strategies, cancel, square off, or all of it (kill switch).</summary>
public enum RiskAction { Block, ReduceOnly, PauseStrategies, CancelOrders, SquareOff, KillSwitch, Alert }

/// <summary>Whether a trader (or an activation) may trade: reduce-only lets through orders that shrink a position; halted only the risk engine's exits.</summary>
public enum TradingState { Active, ReduceOnly, Halted }

public class RiskRule : IVersioned
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public RiskRuleKind Kind { get; set; }
    public decimal Threshold { get; set; }
    /// <summary>Max daily loss only: the threshold is a percentage of trading capital instead of rupees.</summary>
    public bool ThresholdIsPercent { get; set; }
    public RiskScope Scope { get; set; }
    /// <summary>The account id, activation id or trading symbol the rule is limited to; null for all accounts.</summary>
    public string? ScopeValue { get; set; }
    /// <summary>Trading window: "HH:mm-HH:mm" (IST); symbol blocklist: trading symbols separated by commas.</summary>
    public string? Parameter { get; set; }
    public RiskTiming Timing { get; set; }
    public RiskAction Action { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public uint Version { get; set; }
}

public class RiskViolation
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public Guid? RiskRuleId { get; set; }
    public RiskRule? RiskRule { get; set; }
    public Guid? OrderId { get; set; }
    public RiskRuleKind Kind { get; set; }
    public RiskTiming Timing { get; set; }
    public decimal ObservedValue { get; set; }
    public decimal Threshold { get; set; }
    public RiskAction ActionTaken { get; set; }
    public string Message { get; set; } = "";
    /// <summary>The order asked for (pre-trade), e.g. "Buy 300 SBIN-EQ @ 700.00 (Manual, Paper trading)".</summary>
    public string? OrderRequest { get; set; }
    public DateTime OccurredAt { get; set; }
}

/// <summary>A trader's trading state for an IST trading day; it survives restarts. No row: Active.</summary>
public class TraderRiskState : IVersioned
{
    public Guid UserId { get; set; }
    public TradingState State { get; set; }
    /// <summary>The IST trading day the state applies to: a reduce-only or halt from a daily limit lifts when the next trading day starts.</summary>
    public DateOnly Day { get; set; }
    public string? Reason { get; set; }
    public string SetBy { get; set; } = "";
    public DateTime Since { get; set; }
    public DateTime? KillSwitchAt { get; set; }
    /// <summary>The highest P&amp;L of <see cref="PeakDay"/> (net of charges), kept so a restart does not reset the drawdown's reference.</summary>
    public decimal PeakPnl { get; set; }
    public DateOnly? PeakDay { get; set; }
    /// <summary>What the kill switch did (orders cancelled, positions closed, with their results).</summary>
    public string? KillSwitchReport { get; set; }
    public uint Version { get; set; }
}
