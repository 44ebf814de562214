using Trading.Data.Entities;

namespace Trading.Web.Features.Broker.Paper;

/// <summary>Positions and funds of a paper account, derived from its fills and open orders.</summary>
public static class PaperAccounting
{
    public sealed record Book(Exchange Exchange, string SymbolToken, string TradingSymbol, ProductType Product,
        int BuyQuantity, decimal BuyValue, int SellQuantity, decimal SellValue)
    {
        public int NetQuantity => BuyQuantity - SellQuantity;
        public decimal BuyAverage => BuyQuantity == 0 ? 0 : BuyValue / BuyQuantity;
        public decimal SellAverage => SellQuantity == 0 ? 0 : SellValue / SellQuantity;

        /// <summary>P&amp;L of the matched quantity (bought and sold), at average prices.</summary>
        public decimal Realized => Math.Min(BuyQuantity, SellQuantity) * (SellAverage - BuyAverage);

        /// <summary>P&amp;L of the open quantity at <paramref name="lastPrice"/>.</summary>
        public decimal Unrealized(decimal lastPrice) =>
            NetQuantity > 0 ? NetQuantity * (lastPrice - BuyAverage) : -NetQuantity * (SellAverage - lastPrice);

        /// <summary>Money tied up by the open quantity, valued at its average price.</summary>
        public decimal OpenValue => NetQuantity > 0 ? NetQuantity * BuyAverage : -NetQuantity * SellAverage;
    }

    public static IReadOnlyList<Book> Books(IEnumerable<PaperTrade> trades) =>
        trades.GroupBy(t => (t.Exchange, t.SymbolToken, t.ProductType))
            .Select(g => new Book(g.Key.Exchange, g.Key.SymbolToken, g.First().TradingSymbol, g.Key.ProductType,
                g.Where(t => t.Side == OrderSide.Buy).Sum(t => t.Quantity),
                g.Where(t => t.Side == OrderSide.Buy).Sum(t => t.Quantity * t.Price),
                g.Where(t => t.Side == OrderSide.Sell).Sum(t => t.Quantity),
                g.Where(t => t.Side == OrderSide.Sell).Sum(t => t.Quantity * t.Price)))
            .ToList();

    /// <summary>
    /// Capital plus realized P&amp;L, minus what open positions and open buy orders tie up. Short sells block their value
    /// as margin too, so a paper account cannot sell what it could not buy.
    /// </summary>
    public static BrokerFunds Funds(decimal capital, IReadOnlyList<Book> books, decimal heldByOpenOrders)
    {
        var realized = books.Sum(b => b.Realized);
        var used = books.Sum(b => b.OpenValue) + heldByOpenOrders;
        var net = capital + realized;
        var available = net - used;
        return new BrokerFunds(Round(net), Round(available), Round(available), Round(used), Round(realized), 0m);
    }

    /// <summary>What an order is worth: quantity × its limit or trigger price, else the last price.</summary>
    public static decimal OrderValue(PaperOrder order, decimal? lastPrice) =>
        order.Quantity * (order.Price ?? order.TriggerPrice ?? lastPrice ?? 0m);

    /// <summary>Money an open order holds back: a buy's value; a sell holds nothing until it fills.</summary>
    public static decimal HeldValue(PaperOrder order, decimal? lastPrice) =>
        order.Side == OrderSide.Buy ? OrderValue(order, lastPrice) : 0m;

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
