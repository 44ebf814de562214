namespace Trading.Web.Features.MarketData;

/// <summary>
/// One market-data update. Prices are rupees. <see cref="PreviousClose"/> is the last session's close, when the
/// feed sends it (Quote mode does; LTP mode does not).
/// </summary>
public sealed record Tick(
    InstrumentKey Instrument,
    decimal LastPrice,
    DateTime ExchangeTime,
    long LastTradedQuantity = 0,
    long Volume = 0,
    decimal? Open = null,
    decimal? High = null,
    decimal? Low = null,
    decimal? PreviousClose = null);
