namespace Trading.Data.Entities;

public enum StrategyRiskLevel { Low, Medium, High }

/// <summary>Where a marketplace entry is in its life: only Published ones take new activations.</summary>
public enum StrategyListingStatus { Draft, Published, Suspended, Retired }

/// <summary>
/// A marketplace entry curated by admins, bound to a built-in strategy. The columns here are the newest version's;
/// every edit adds a <see cref="StrategyVersion"/> and activations stay on the version they were made on.
/// </summary>
public class Strategy
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    /// <summary>The built-in strategy it runs (<c>BuiltInStrategies</c> key).</summary>
    public string BuiltInKey { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string Category { get; set; } = "";
    /// <summary>Instrument types it is meant for, comma-separated (EQ, FUT, OPT, COM).</summary>
    public string InstrumentTypes { get; set; } = "EQ";
    /// <summary>Admin-set defaults and ranges per parameter: {"period":{"min":2,"max":30,"default":14}}.</summary>
    public string ParameterRangesJson { get; set; } = "{}";
    public StrategyRiskLevel RiskLevel { get; set; }
    public decimal MinimumCapital { get; set; }
    /// <summary>Exchange-registered algo id, sent as the order tag; a live activation needs one.</summary>
    public string? AlgoId { get; set; }
    public StrategyListingStatus Status { get; set; }
    public DateTime StatusChangedAt { get; set; }
    public string StatusChangedBy { get; set; } = "";
    public string Author { get; set; } = "";
    public Guid? AuthorUserId { get; set; }
    /// <summary>The newest version's number.</summary>
    public int Version { get; set; } = 1;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One immutable version of a marketplace entry, as an edit left it.</summary>
public class StrategyVersion
{
    public Guid Id { get; set; }
    public Guid StrategyId { get; set; }
    public Strategy? Strategy { get; set; }
    public int Version { get; set; }
    public string BuiltInKey { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string Category { get; set; } = "";
    public string InstrumentTypes { get; set; } = "EQ";
    public string ParameterRangesJson { get; set; } = "{}";
    public StrategyRiskLevel RiskLevel { get; set; }
    public decimal MinimumCapital { get; set; }
    public string? AlgoId { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
