namespace Trading.Data.Entities;

public enum UserStrategyStatus { Active, Paused, Stopped }

/// <summary>Why an activation is paused: the trader, or something the engine waits for (it resumes by itself).</summary>
public enum StrategyPauseKind { None, Trader, BrokerSession, StaleFeed, Suspended, Risk }

/// <summary>A trader's activation of a marketplace strategy version, on one broker account (paper or live).</summary>
public class UserStrategy : IVersioned
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public Guid StrategyId { get; set; }
    public Strategy? Strategy { get; set; }
    public Guid StrategyVersionId { get; set; }
    public StrategyVersion? StrategyVersion { get; set; }
    public Guid BrokerAccountId { get; set; }
    public bool IsPaper { get; set; }
    /// <summary>Raised each time the trader changes parameters; the history is in <see cref="UserStrategyRevision"/>.</summary>
    public int Revision { get; set; } = 1;
    public string ParametersJson { get; set; } = "{}";
    /// <summary>Lots per entry, for every symbol.</summary>
    public int Lots { get; set; } = 1;
    public ProductType ProductType { get; set; } = ProductType.Intraday;
    public decimal AllocatedCapital { get; set; }
    public UserStrategyStatus Status { get; set; }
    public StrategyPauseKind PauseKind { get; set; }
    public string? StatusReason { get; set; }
    public DateTime ActivatedAt { get; set; }
    public DateTime? PausedAt { get; set; }
    public DateTime? StoppedAt { get; set; }
    public DateTime? LastSignalAt { get; set; }
    /// <summary>The risk engine's state for this activation on <see cref="RiskStateDay"/> (reduce-only: exits only; halted: no orders).</summary>
    public TradingState RiskState { get; set; }
    public DateOnly? RiskStateDay { get; set; }
    public List<UserStrategySymbol> Symbols { get; set; } = [];
    public uint Version { get; set; }
}

/// <summary>One instrument an activation trades, with the engine's state for it (stored on every bar and fill).</summary>
public class UserStrategySymbol
{
    public Guid Id { get; set; }
    public Guid UserStrategyId { get; set; }
    public Exchange Exchange { get; set; }
    public string SymbolToken { get; set; } = "";
    public string TradingSymbol { get; set; } = "";
    public int LotSize { get; set; } = 1;
    /// <summary>The side the strategy holds (set when its signal is sent, back to flat if the order is given up).</summary>
    public StrategyPosition Position { get; set; }
    /// <summary>Filled quantity it holds, signed (buys positive).</summary>
    public int NetQuantity { get; set; }
    /// <summary>Start (UTC) of the last closed bar evaluated; the engine resumes after it.</summary>
    public DateTime? LastBarTime { get; set; }
    /// <summary>Bars fed since the strategy was built, to tell Warming up from Ready.</summary>
    public int BarsSeen { get; set; }
    public Guid? WorkingOrderId { get; set; }
    public DateTime? WorkingSince { get; set; }
    public int Reprices { get; set; }
}

/// <summary>The parameters an activation ran with from a moment on.</summary>
public class UserStrategyRevision
{
    public Guid Id { get; set; }
    public Guid UserStrategyId { get; set; }
    public int Revision { get; set; }
    public Guid StrategyVersionId { get; set; }
    public string ParametersJson { get; set; } = "{}";
    public int Lots { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A signal the engine acted on, and the order it sent (its client order id is derived from these fields).</summary>
public class StrategySignal
{
    public long Id { get; set; }
    public Guid UserStrategyId { get; set; }
    public Exchange Exchange { get; set; }
    public string SymbolToken { get; set; } = "";
    public DateTime BarTime { get; set; }
    public Signal Signal { get; set; }
    public int Revision { get; set; }
    public string ClientOrderId { get; set; } = "";
    public Guid? OrderId { get; set; }
    public string? Outcome { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>How a day of an activation compares with the backtester replaying the same candles.</summary>
public class StrategyDayMatch
{
    public Guid UserStrategyId { get; set; }
    public DateOnly Day { get; set; }
    public int Agreeing { get; set; }
    public int Total { get; set; }
    public decimal LivePnl { get; set; }
    public decimal ReplayPnl { get; set; }
    public DateTime CreatedAt { get; set; }
}
