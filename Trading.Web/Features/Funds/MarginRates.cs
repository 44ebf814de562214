using Trading.Web.Features.Positions;

namespace Trading.Web.Features.Funds;

/// <summary>A dated margin line: <see cref="RateLine.Percent"/> of the position's value, or of quantity × strike.</summary>
public sealed class MarginRule : RateLine
{
    public bool OnStrike { get; set; }
}

/// <summary>The "Margins" section of <c>market-rates.json</c>: what a paper position blocks, per segment and product.</summary>
public sealed class MarginRates
{
    public const string Section = "Margins";

    public List<MarginRule> Rules { get; set; } = [];
}
