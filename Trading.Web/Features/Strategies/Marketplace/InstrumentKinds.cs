using Trading.Data.Entities;

namespace Trading.Web.Features.Strategies.Marketplace;

/// <summary>The marketplace's instrument types: EQ (cash), FUT, OPT, COM (commodities), from the broker's instrument type.</summary>
public static class InstrumentKinds
{
    public static string Of(Instrument instrument) => instrument.Exchange switch
    {
        Exchange.MCX or Exchange.NCDEX => "COM",
        _ when instrument.InstrumentType.StartsWith("OPT", StringComparison.OrdinalIgnoreCase) => "OPT",
        _ when instrument.InstrumentType.StartsWith("FUT", StringComparison.OrdinalIgnoreCase) => "FUT",
        _ => "EQ",
    };

    public static string Label(string kind) => kind switch
    {
        "EQ" => "Equity",
        "FUT" => "Futures",
        "OPT" => "Options",
        "COM" => "Commodities",
        _ => kind,
    };
}
