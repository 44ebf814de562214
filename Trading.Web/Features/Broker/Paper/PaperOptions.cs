namespace Trading.Web.Features.Broker.Paper;

/// <summary>The "Paper" configuration section.</summary>
public sealed class PaperOptions
{
    public const string Section = "Paper";

    /// <summary>Market and stop-market fills are this much worse than the last price (0.05 = 0.05%).</summary>
    public decimal SlippagePercent { get; set; } = 0.05m;

    /// <summary>Let paper accounts trade outside exchange hours (for demos on the simulated feed). Off by default.</summary>
    public bool TradeOutsideMarketHours { get; set; }
}
