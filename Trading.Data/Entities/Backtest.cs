namespace Trading.Data.Entities;

public enum BacktestStatus { Queued, Running, Completed, Failed, Cancelled }

/// <summary>How a backtest fills a signal: at the next bar's open plus slippage, or as a marketable limit that fills only if the next bar reaches it.</summary>
public enum BacktestFillMode { NextOpen, MarketableLimit }

/// <summary>A strategy's run over stored candles.</summary>
public class Backtest
{
    public Guid Id { get; set; }
    public Guid StrategyId { get; set; }
    public Strategy? Strategy { get; set; }
    public Guid? StrategyVersionId { get; set; }
    public Guid? UserId { get; set; }
    public string ParametersJson { get; set; } = "{}";
    public Exchange Exchange { get; set; }
    public string SymbolToken { get; set; } = "";
    /// <summary>The symbol, or the symbols for a display ("RELIANCE-EQ, TCS-EQ"; "… +3" when long). The first is <see cref="Exchange"/>/<see cref="SymbolToken"/>.</summary>
    public string TradingSymbol { get; set; } = "";
    /// <summary>Every symbol of the run (JSON: exchange, symbol token, trading symbol), in the order asked.</summary>
    public string SymbolsJson { get; set; } = "[]";
    /// <summary>Each symbol's trades, win rate, gross, charges, net, unfilled signals and bars (JSON).</summary>
    public string SymbolResultsJson { get; set; } = "[]";
    public CandleInterval Interval { get; set; }
    public DateTime FromTime { get; set; }
    public DateTime ToTime { get; set; }
    public decimal InitialCapital { get; set; }
    public int Lots { get; set; } = 1;
    public ProductType ProductType { get; set; } = ProductType.Intraday;
    public BacktestFillMode FillMode { get; set; }
    /// <summary>Slippage against the trader, in percent of price (next-open mode) or the limit buffer (limit mode).</summary>
    public decimal SlippagePercent { get; set; }
    public BacktestStatus Status { get; set; }
    public int ProgressPercent { get; set; }
    public long BarCount { get; set; }
    public decimal? BarsPerSecond { get; set; }
    public decimal? NetPnl { get; set; }
    public decimal? TotalReturnPercent { get; set; }
    public decimal? MaxDrawdownPercent { get; set; }
    public decimal? WinRatePercent { get; set; }
    public int TradeCount { get; set; }
    public int UnfilledSignals { get; set; }
    public string MetricsJson { get; set; } = "{}";
    public string EquityCurveJson { get; set; } = "[]";
    public string TradesJson { get; set; } = "[]";
    /// <summary>SHA-256 (hex) of the trade list: the same inputs always give the same hash.</summary>
    public string? TradesHash { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}
