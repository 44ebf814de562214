namespace Trading.Web.Features.Strategies.Engine;

/// <summary>The "Strategies:Engine" section.</summary>
public sealed class StrategyEngineOptions
{
    public const string Section = "Strategies:Engine";

    /// <summary>A 1-minute bar is evaluated this long after its minute ends (the candle writer stores it within about 2 s).</summary>
    public TimeSpan BarGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An unfilled strategy order is re-priced to the current protected price after this long…</summary>
    public TimeSpan RepriceAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>…at most this many times, then given up (cancelled).</summary>
    public int MaxReprices { get; set; } = 3;

    /// <summary>A signal of a bar that closed longer ago than this (the engine was down, the activation paused) is not acted on.</summary>
    public TimeSpan MaxSignalAge { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>A symbol without a tick for this long while its market is open counts as a stale feed.</summary>
    public TimeSpan StaleFeedAfter { get; set; } = TimeSpan.FromSeconds(120);
}
