namespace Trading.Data.Entities;

/// <summary>An instrument on a trader's watchlist.</summary>
public class WatchlistItem
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public Exchange Exchange { get; set; }
    public string SymbolToken { get; set; } = "";
    public string TradingSymbol { get; set; } = "";
    public int SortOrder { get; set; }
    public DateTime AddedAt { get; set; }
}
