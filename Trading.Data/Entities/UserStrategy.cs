namespace Trading.Data.Entities;

public enum UserStrategyStatus { Active, Paused, Stopped }

/// <summary>A trader's activation of a strategy.</summary>
public class UserStrategy
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public Guid StrategyId { get; set; }
    public Strategy? Strategy { get; set; }
    public string ParametersJson { get; set; } = "{}";
    /// <summary>JSON array of instruments, e.g. [{"exchange":"NSE","token":"2885","symbol":"RELIANCE-EQ"}].</summary>
    public string SymbolsJson { get; set; } = "[]";
    public decimal AllocatedCapital { get; set; }
    public UserStrategyStatus Status { get; set; }
    public string? StatusReason { get; set; }
    public DateTime ActivatedAt { get; set; }
    public DateTime? PausedAt { get; set; }
    public DateTime? StoppedAt { get; set; }
    public decimal RealizedPnl { get; set; }
    public int TradeCount { get; set; }
    public int WinningTrades { get; set; }
    public DateTime? LastSignalAt { get; set; }
}
