using Trading.Web.Features.Broker;
using Trading.Web.Features.MarketData;

namespace Trading.Web.Features.Holdings;

/// <summary>One holding with live figures: the LTP moves with the feed, the rest follows from it.</summary>
public sealed class HoldingRow
{
    public required BrokerHolding Holding { get; init; }
    public InstrumentKey Instrument => new(Holding.Exchange, Holding.SymbolToken);
    public decimal? LastPrice { get; set; }
    public decimal? PreviousClose { get; set; }
    public int Quantity => Holding.TotalQuantity;
    public decimal Invested => Quantity * Holding.AveragePrice;
    public decimal? Value => LastPrice * Quantity;
    public decimal? Unrealized => LastPrice is { } p ? Math.Round(Quantity * (p - Holding.AveragePrice), 2) : null;
    public decimal? DayChange => LastPrice is { } p && PreviousClose is { } c ? Math.Round(Quantity * (p - c), 2) : null;
}

public sealed record HoldingsView(IReadOnlyList<HoldingRow> Rows, string? Problem);

/// <summary>A trader's holdings at one broker account: the paper broker's demat book, or Angel One's, with live prices.</summary>
public sealed class HoldingsService(BrokerFactory brokers, ILtpCache prices)
{
    public async Task<HoldingsView?> GetAsync(Guid userId, Guid? accountId, CancellationToken cancellationToken = default)
    {
        if (await brokers.ForUserAsync(userId, accountId, cancellationToken) is not (_, { } broker)) return null;
        IReadOnlyList<BrokerHolding> holdings;
        try
        {
            holdings = await broker.GetHoldingsAsync(cancellationToken);
        }
        catch (BrokerException ex)
        {
            return new HoldingsView([], $"The broker did not give the holdings: {ex.Message}");
        }
        var rows = holdings.Select(h => new HoldingRow { Holding = h, LastPrice = h.LastPrice, PreviousClose = h.PreviousClose }).ToList();
        var snapshots = await prices.GetManyAsync(rows.Select(r => r.Instrument).Distinct().ToList(), cancellationToken);
        foreach (var row in rows)
        {
            if (!snapshots.TryGetValue(row.Instrument, out var s)) continue;
            row.LastPrice = s.LastPrice;
            row.PreviousClose ??= s.PreviousClose;
        }
        return new HoldingsView(rows.OrderBy(r => r.Holding.TradingSymbol).ToList(), null);
    }
}
