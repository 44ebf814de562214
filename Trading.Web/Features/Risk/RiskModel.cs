using Trading.Data.Entities;

namespace Trading.Web.Features.Risk;

/// <summary>An order as the risk rules see it (price: its limit, else the last price).</summary>
public sealed record RiskOrder(Guid? BrokerAccountId, Guid? UserStrategyId, OrderSource Source, Exchange Exchange, string SymbolToken, string TradingSymbol,
    string InstrumentType, int LotSize, ProductType Product, OrderSide Side, int Quantity, decimal Price, DateTime At)
{
    public decimal Value => Quantity * Price;
    public bool IsDerivative => InstrumentType.StartsWith("FUT", StringComparison.OrdinalIgnoreCase) || InstrumentType.StartsWith("OPT", StringComparison.OrdinalIgnoreCase);
    public string Describe(string? account = null) =>
        $"{Side} {Quantity} {TradingSymbol} @ {Price:0.00} ({Source}{(account is null ? "" : ", " + account)})";
}

/// <summary>An open position (signed quantity) valued at its last price.</summary>
public sealed record RiskPosition(Exchange Exchange, string SymbolToken, string TradingSymbol, ProductType Product, int NetQuantity, decimal LastPrice)
{
    public decimal Value => Math.Abs(NetQuantity) * LastPrice;
}

/// <summary>What a trader holds and has done today, as the rules need it.</summary>
public sealed record RiskBook(decimal Capital, IReadOnlyList<RiskPosition> Positions, int OrdersToday, int OrdersLastSecond, decimal DayPnl, decimal DayPeakPnl)
{
    public decimal Exposure => Positions.Sum(p => p.Value);

    public RiskPosition? PositionOf(Exchange exchange, string token, ProductType product) =>
        Positions.FirstOrDefault(p => p.Exchange == exchange && p.SymbolToken == token && p.Product == product && p.NetQuantity != 0);

    /// <summary>An order that only shrinks an open position of the same instrument and product (never flips it).</summary>
    public bool Reduces(RiskOrder order) => PositionOf(order.Exchange, order.SymbolToken, order.Product) is { } p
        && (p.NetQuantity > 0 ? order.Side == OrderSide.Sell : order.Side == OrderSide.Buy) && order.Quantity <= Math.Abs(p.NetQuantity);

    /// <summary>Today's drawdown from the day's peak P&amp;L, in percent of capital + that peak.</summary>
    public decimal DrawdownPercent => Capital + DayPeakPnl <= 0 ? 0 : Math.Max(0, (DayPeakPnl - DayPnl) / (Capital + DayPeakPnl) * 100m);
}

/// <summary>A rule's breach: the rule, what was seen, the limit and the one reason text shown everywhere.</summary>
public sealed record RiskBreach(RiskRule Rule, decimal Observed, decimal Limit, string Message);
