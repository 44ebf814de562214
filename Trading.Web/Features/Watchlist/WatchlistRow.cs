using Trading.Data.Entities;
using Trading.Web.Features.MarketData;

namespace Trading.Web.Features.Watchlist;

public sealed class WatchlistRow
{
    public required long Id { get; init; }
    public required InstrumentKey Instrument { get; init; }
    public required string TradingSymbol { get; init; }
    public string Name { get; init; } = "";
    /// <summary>False for indices: they show prices but take no orders.</summary>
    public bool IsTradable { get; init; } = true;
    public Exchange Exchange => Instrument.Exchange;
    public decimal? LastPrice { get; set; }
    public decimal? PreviousClose { get; set; }
    public DateTime? UpdatedAt { get; set; }
    /// <summary>+1 after an up-tick, -1 after a down-tick: the row flashes green or red.</summary>
    public int LastMove { get; set; }

    public decimal? Change => LastPrice is { } p && PreviousClose is { } c ? p - c : null;
    public decimal? ChangePercent => LastPrice is { } p && PreviousClose is { } c and not 0 ? Math.Round((p - c) / c * 100m, 2) : null;

    public void Apply(decimal lastPrice, decimal? previousClose, DateTime at)
    {
        LastMove = LastPrice is { } old ? Math.Sign(lastPrice - old) : 0;
        LastPrice = lastPrice;
        PreviousClose = previousClose ?? PreviousClose;
        UpdatedAt = at;
    }
}
