namespace Trading.Data.Entities;

/// <summary>
/// A trader's figures for one trading day (an IST date): updated live during the day, frozen when the end-of-day job
/// closes it (<see cref="EndedAt"/>; <see cref="ClosedLate"/> when the app was down at the day's end).
/// </summary>
public class TradingSession
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public DateOnly TradingDay { get; set; }
    public decimal OpeningCapital { get; set; }
    public decimal Deposits { get; set; }
    public decimal Withdrawals { get; set; }
    public decimal? ClosingCapital { get; set; }
    public decimal RealizedPnl { get; set; }
    public decimal UnrealizedPnl { get; set; }
    public decimal Charges { get; set; }
    public decimal NetPnl { get; set; }
    public int OrdersPlaced { get; set; }
    public int OrdersFilled { get; set; }
    public int OrdersRejected { get; set; }
    public int OrdersCancelled { get; set; }
    /// <summary>Filled orders / orders placed × 100 (none placed: 0).</summary>
    public decimal SuccessRate { get; set; }
    /// <summary>The highest net P&amp;L of the day seen so far, and the largest fall below it (₹, ≥ 0).</summary>
    public decimal PeakNetPnl { get; set; }
    public decimal MaxDrawdown { get; set; }
    public int RuleBreaches { get; set; }
    public int StrategiesActive { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public bool ClosedLate { get; set; }
}

/// <summary>Money a trader moved into (+) or out of (−) their trading capital at the broker, as they recorded it.</summary>
public class CapitalChange
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public DateOnly TradingDay { get; set; }
    public decimal Amount { get; set; }
    public string? Note { get; set; }
    public DateTime CreatedAt { get; set; }
}
