namespace Trading.Web.Features.MarketData;

/// <summary>The latest price of an instrument and what a watchlist shows with it.</summary>
public sealed record LtpSnapshot(decimal LastPrice, decimal? PreviousClose, DateTime UpdatedAt)
{
    public decimal? Change => PreviousClose is { } close ? LastPrice - close : null;

    public decimal? ChangePercent => PreviousClose is { } close and not 0 ? Math.Round((LastPrice - close) / close * 100m, 2) : null;
}
