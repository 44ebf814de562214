using Trading.Data.Entities;

namespace Trading.Web.Features.Strategies;

/// <summary>One fill of a strategy: time, instrument, side, quantity, price and its charges.</summary>
public sealed record StrategyFill(DateTime Time, string Symbol, OrderSide Side, int Quantity, decimal Price, decimal Charges);

/// <summary>A position opened and closed (first in, first out): gross and net P&amp;L, the net after both legs' charges.</summary>
public sealed record RoundTrip(string Symbol, OrderSide EntrySide, int Quantity, DateTime EntryTime, decimal EntryPrice, DateTime ExitTime, decimal ExitPrice,
    decimal Gross, decimal Charges)
{
    public decimal Net => Gross - Charges;
}

/// <summary>The P&amp;L of a strategy's fills: realized (closed quantity), open quantity per symbol, charges, and its round trips.</summary>
public sealed record FillSummary(decimal Realized, decimal Charges, IReadOnlyDictionary<string, (int Quantity, decimal AveragePrice)> Open, IReadOnlyList<RoundTrip> Trips)
{
    public decimal Unrealized(IReadOnlyDictionary<string, decimal> lastPrices) =>
        Open.Sum(o => lastPrices.TryGetValue(o.Key, out var price) ? (price - o.Value.AveragePrice) * o.Value.Quantity : 0m);

    /// <summary>Round trips that made money after charges, out of all (null with none).</summary>
    public decimal? WinRatePercent => Trips.Count == 0 ? null : 100m * Trips.Count(t => t.Net > 0) / Trips.Count;
}

public static class RoundTrips
{
    /// <summary>
    /// Matches fills first in, first out per symbol. A fill's charges are shared by its quantity: the part that opens
    /// is carried with the open lot and lands on the round trip that closes it; all charges count at once in <see cref="FillSummary.Charges"/>.
    /// </summary>
    public static FillSummary Summarize(IEnumerable<StrategyFill> fills)
    {
        var lots = new Dictionary<string, LinkedList<(OrderSide Side, int Quantity, decimal Price, DateTime Time, decimal ChargePerUnit)>>();
        var trips = new List<RoundTrip>();
        decimal realized = 0, charges = 0;
        foreach (var fill in fills.OrderBy(f => f.Time))
        {
            charges += fill.Charges;
            var perUnit = fill.Quantity == 0 ? 0 : fill.Charges / fill.Quantity;
            if (!lots.TryGetValue(fill.Symbol, out var open)) lots[fill.Symbol] = open = new();
            var remaining = fill.Quantity;
            while (remaining > 0 && open.First is { } first && first.Value.Side != fill.Side)
            {
                var lot = first.Value;
                var matched = Math.Min(remaining, lot.Quantity);
                var sign = lot.Side == OrderSide.Buy ? 1 : -1;
                var gross = sign * (fill.Price - lot.Price) * matched;
                realized += gross;
                trips.Add(new RoundTrip(fill.Symbol, lot.Side, matched, lot.Time, lot.Price, fill.Time, fill.Price, gross,
                    (lot.ChargePerUnit + perUnit) * matched));
                remaining -= matched;
                if (matched == lot.Quantity) open.RemoveFirst();
                else first.Value = lot with { Quantity = lot.Quantity - matched };
            }
            if (remaining > 0) open.AddLast((fill.Side, remaining, fill.Price, fill.Time, perUnit));
        }
        var openPositions = lots.Where(l => l.Value.Count > 0).ToDictionary(l => l.Key, l =>
        {
            var quantity = l.Value.Sum(x => x.Quantity);
            var signed = l.Value.First!.Value.Side == OrderSide.Buy ? quantity : -quantity;
            return (signed, l.Value.Sum(x => x.Price * x.Quantity) / quantity);
        });
        return new FillSummary(realized, charges, openPositions, trips);
    }
}
