namespace Trading.Data.Entities;

public enum BacktestStatus { Queued, Running, Completed, Failed }

/// <summary>A strategy's run over stored candles.</summary>
public class Backtest
{
    public Guid Id { get; set; }
    public Guid StrategyId { get; set; }
    public Strategy? Strategy { get; set; }
    public Guid? UserId { get; set; }
    public string ParametersJson { get; set; } = "{}";
    public Exchange Exchange { get; set; }
    public string SymbolToken { get; set; } = "";
    public string TradingSymbol { get; set; } = "";
    public CandleInterval Interval { get; set; }
    public DateTime FromTime { get; set; }
    public DateTime ToTime { get; set; }
    public decimal InitialCapital { get; set; }
    public BacktestStatus Status { get; set; }
    public decimal? TotalReturnPercent { get; set; }
    public decimal? MaxDrawdownPercent { get; set; }
    public decimal? WinRatePercent { get; set; }
    public int TradeCount { get; set; }
    public string MetricsJson { get; set; } = "{}";
    public string EquityCurveJson { get; set; } = "[]";
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}
