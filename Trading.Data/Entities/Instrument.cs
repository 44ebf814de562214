namespace Trading.Data.Entities;

public enum Exchange { NSE, BSE, NFO, BFO, MCX, CDS, NCDEX }

/// <summary>A row of the broker's instrument master.</summary>
public class Instrument
{
    public long Id { get; set; }
    public Exchange Exchange { get; set; }
    public string SymbolToken { get; set; } = "";
    public string TradingSymbol { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Broker's instrument type, e.g. EQ, FUTIDX, OPTSTK, AMXIDX.</summary>
    public string InstrumentType { get; set; } = "";
    public int LotSize { get; set; } = 1;
    public decimal TickSize { get; set; } = 0.05m;
    public DateOnly? Expiry { get; set; }
    public decimal? Strike { get; set; }
    public bool IsTradable { get; set; } = true;
    public DateTime UpdatedAt { get; set; }
}
