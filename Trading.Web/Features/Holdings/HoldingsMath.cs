using Trading.Data.Entities;

namespace Trading.Web.Features.Holdings;

/// <summary>One delivery fill of a stock, on its IST trade date.</summary>
public sealed record DeliveryFill(DateOnly TradeDate, OrderSide Side, int Quantity, decimal Price);

/// <summary>A stock held in the demat account: settled shares, shares bought and not settled yet (T1), their average cost.</summary>
public sealed record HeldStock(int Settled, int T1, decimal AverageCost)
{
    public int Quantity => Settled + T1;
}

/// <summary>
/// What delivery fills leave in the demat account on a given day. Today's net buys are today's position, not yet a
/// holding; a buy of day D settles on the next trading day S (T+1): on S it is held but unsettled (T1), after S settled.
/// A day's buys and sells net against each other first (the exchange settles only the difference); a day's net sell
/// takes from the oldest shares. The average cost is that of the shares still held (first in, first out).
/// </summary>
public static class HoldingsMath
{
    public static HeldStock Hold(IEnumerable<DeliveryFill> fills, DateOnly today, Func<DateOnly, DateOnly> settlementOf)
    {
        // Lots of shares still held, oldest first: (trade date, quantity, price).
        var lots = new LinkedList<(DateOnly Date, int Quantity, decimal Price)>();
        foreach (var day in fills.GroupBy(f => f.TradeDate).OrderBy(g => g.Key))
        {
            var bought = day.Where(f => f.Side == OrderSide.Buy).Sum(f => f.Quantity);
            var boughtValue = day.Where(f => f.Side == OrderSide.Buy).Sum(f => f.Quantity * f.Price);
            var sold = day.Where(f => f.Side == OrderSide.Sell).Sum(f => f.Quantity);
            if (bought > sold)
            {
                lots.AddLast((day.Key, bought - sold, boughtValue / bought));
                continue;
            }
            var left = sold - bought;
            while (left > 0 && lots.First is { } oldest)
            {
                var take = Math.Min(left, oldest.Value.Quantity);
                left -= take;
                if (take == oldest.Value.Quantity) lots.RemoveFirst();
                else oldest.Value = oldest.Value with { Quantity = oldest.Value.Quantity - take };
            }
        }
        var held = lots.Where(l => l.Date < today).ToList();
        var settled = held.Where(l => settlementOf(l.Date) < today).Sum(l => l.Quantity);
        var t1 = held.Sum(l => l.Quantity) - settled;
        var quantity = settled + t1;
        var average = quantity == 0 ? 0m : Math.Round(held.Sum(l => l.Quantity * l.Price) / quantity, 4);
        return new HeldStock(settled, t1, average);
    }
}
