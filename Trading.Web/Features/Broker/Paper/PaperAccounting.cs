using Trading.Data.Entities;

namespace Trading.Web.Features.Broker.Paper;

/// <summary>Positions and funds of a paper account, derived from its fills and open orders.</summary>
public static class PaperAccounting
{
    public sealed record Book(Exchange Exchange, string SymbolToken, string TradingSymbol, ProductType Product,
        int BuyQuantity, decimal BuyValue, int SellQuantity, decimal SellValue, decimal Charges = 0m)
    {
        public int NetQuantity => BuyQuantity - SellQuantity;
        public decimal BuyAverage => BuyQuantity == 0 ? 0 : BuyValue / BuyQuantity;
        public decimal SellAverage => SellQuantity == 0 ? 0 : SellValue / SellQuantity;

        /// <summary>P&amp;L of the matched quantity (bought and sold), at average prices.</summary>
        public decimal Realized => Math.Min(BuyQuantity, SellQuantity) * (SellAverage - BuyAverage);

        /// <summary>P&amp;L of the open quantity at <paramref name="lastPrice"/>.</summary>
        public decimal Unrealized(decimal lastPrice) =>
            NetQuantity > 0 ? NetQuantity * (lastPrice - BuyAverage) : -NetQuantity * (SellAverage - lastPrice);

        /// <summary>The average price of the open quantity.</summary>
        public decimal OpenAverage => NetQuantity > 0 ? BuyAverage : SellAverage;
    }

    public static IReadOnlyList<Book> Books(IEnumerable<PaperTrade> trades) =>
        trades.GroupBy(t => (t.Exchange, t.SymbolToken, t.ProductType))
            .Select(g => new Book(g.Key.Exchange, g.Key.SymbolToken, g.First().TradingSymbol, g.Key.ProductType,
                g.Where(t => t.Side == OrderSide.Buy).Sum(t => t.Quantity),
                g.Where(t => t.Side == OrderSide.Buy).Sum(t => t.Quantity * t.Price),
                g.Where(t => t.Side == OrderSide.Sell).Sum(t => t.Quantity),
                g.Where(t => t.Side == OrderSide.Sell).Sum(t => t.Quantity * t.Price),
                g.Sum(t => t.Charges)))
            .ToList();

    /// <summary>
    /// Cash is capital plus payins less payouts, plus realized P&amp;L, less every charge debited. Available is cash less
    /// the margin open positions and open orders block (unrealized P&amp;L is added by the broker, which has the prices).
    /// </summary>
    public static BrokerFunds Funds(decimal capital, decimal transfers, IReadOnlyList<Book> books, decimal positionMargin, decimal heldByOpenOrders)
    {
        var realized = books.Sum(b => b.Realized);
        var charges = books.Sum(b => b.Charges);
        var cash = capital + transfers + realized - charges;
        var used = positionMargin + heldByOpenOrders;
        var available = cash - used;
        return new BrokerFunds(Round(cash), Round(available), Round(available), Round(used), Round(realized), 0m);
    }

    /// <summary>The price an order is valued at: its limit or trigger price, else the last price.</summary>
    public static decimal? OrderPrice(PaperOrder order, decimal? lastPrice) => order.Price ?? order.TriggerPrice ?? lastPrice;

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
