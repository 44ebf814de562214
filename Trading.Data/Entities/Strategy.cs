namespace Trading.Data.Entities;

public enum StrategyRiskLevel { Low, Medium, High }

/// <summary>A marketplace entry curated by admins.</summary>
public class Strategy
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string Category { get; set; } = "";
    /// <summary>JSON describing each parameter (name, type, min, max, label).</summary>
    public string ParameterSchemaJson { get; set; } = "{}";
    public string DefaultParametersJson { get; set; } = "{}";
    public StrategyRiskLevel RiskLevel { get; set; }
    public decimal MinimumCapital { get; set; }
    public bool IsPublished { get; set; }
    /// <summary>Admins can hide performance figures from the marketplace.</summary>
    public bool ShowPerformance { get; set; } = true;
    /// <summary>Exchange-registered algo id, sent as the order tag.</summary>
    public string? AlgoId { get; set; }
    public string Author { get; set; } = "";
    public Guid? AuthorUserId { get; set; }
    public int Version { get; set; } = 1;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
