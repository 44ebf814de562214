namespace Trading.Web.Features.MarketData;

/// <summary>The "MarketData" configuration section (the daily instrument refresh is the job <c>Jobs:InstrumentRefresh</c>).</summary>
public sealed class MarketDataOptions
{
    public const string Section = "MarketData";

    /// <summary>Simulated (embedded default) or AngelOne (the SmartAPI WebSocket 2.0).</summary>
    public string Feed { get; set; } = "Simulated";
    /// <summary>The master shipped in the repository, imported when the instruments table is empty.</summary>
    public string SampleMasterPath { get; set; } = "Data/instrument-master.sample.json";
}
