namespace Trading.Data.Entities;

/// <summary>A trader's figures for one trading day (an IST date).</summary>
public class TradingSession
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public DateOnly TradingDay { get; set; }
    public decimal OpeningCapital { get; set; }
    public decimal? ClosingCapital { get; set; }
    public decimal RealizedPnl { get; set; }
    public decimal Charges { get; set; }
    public int OrdersPlaced { get; set; }
    public int OrdersFilled { get; set; }
    public int OrdersRejected { get; set; }
    public decimal SuccessRate { get; set; }
    public decimal MaxDrawdown { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
}
