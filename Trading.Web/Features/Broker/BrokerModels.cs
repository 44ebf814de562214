using Trading.Data.Entities;

namespace Trading.Web.Features.Broker;

public sealed record BrokerOrderRequest(
    Exchange Exchange,
    string TradingSymbol,
    string SymbolToken,
    OrderSide Side,
    OrderType OrderType,
    ProductType ProductType,
    OrderVariety Variety,
    OrderValidity Validity,
    int Quantity,
    decimal? Price = null,
    decimal? TriggerPrice = null,
    decimal? StopLoss = null,
    decimal? Target = null,
    string? Tag = null);

public sealed record BrokerOrderModification(
    string BrokerOrderId,
    Exchange Exchange,
    string TradingSymbol,
    string SymbolToken,
    OrderVariety Variety,
    OrderType OrderType,
    ProductType ProductType,
    OrderValidity Validity,
    int Quantity,
    decimal? Price = null,
    decimal? TriggerPrice = null);

/// <summary>The broker accepted the request; <see cref="RawReply"/> is its reply verbatim, for the audit trail.</summary>
/// <param name="State">The order as the broker holds it right after placing, when the broker says so in its reply (the
/// paper broker does; Angel One does not, and the order is read back).</param>
public sealed record BrokerOrderResult(string BrokerOrderId, string? UniqueOrderId, string RawReply, BrokerOrder? State = null);

public enum BrokerOrderStatus { Pending, Open, TriggerPending, Complete, Cancelled, Rejected, Unknown }

public sealed record BrokerOrder(
    string BrokerOrderId,
    Exchange Exchange,
    string TradingSymbol,
    string SymbolToken,
    OrderSide Side,
    OrderType OrderType,
    ProductType ProductType,
    OrderVariety Variety,
    int Quantity,
    decimal? Price,
    decimal? TriggerPrice,
    BrokerOrderStatus Status,
    int FilledQuantity,
    decimal? AveragePrice,
    string? StatusMessage,
    DateTime? UpdatedAt,
    string? Tag,
    string RawJson,
    string? ParentBrokerOrderId = null);

public sealed record BrokerTrade(
    string BrokerOrderId, string FillId, Exchange Exchange, string TradingSymbol, OrderSide Side, ProductType ProductType,
    int Quantity, decimal Price, DateTime FilledAt);

public sealed record BrokerPosition(
    Exchange Exchange, string TradingSymbol, string SymbolToken, ProductType ProductType,
    int BuyQuantity, decimal BuyAveragePrice, int SellQuantity, decimal SellAveragePrice, int NetQuantity,
    decimal? LastPrice, decimal? Pnl);

public sealed record BrokerHolding(
    Exchange Exchange, string TradingSymbol, string SymbolToken, string? Isin, int Quantity, decimal AveragePrice,
    decimal? LastPrice, decimal? ProfitAndLoss, int T1Quantity = 0, decimal? PreviousClose = null)
{
    /// <summary>Settled shares and those bought but not settled yet (T1).</summary>
    public int TotalQuantity => Quantity + T1Quantity;
}

public sealed record BrokerFunds(decimal Net, decimal AvailableCash, decimal AvailableMargin, decimal UsedMargin, decimal RealizedMtm, decimal UnrealizedMtm);

/// <summary>Moves <paramref name="Quantity"/> of an open position from one product to another (MIS ↔ CNC / NRML). Side: the position's (Buy = long).</summary>
public sealed record PositionConversion(Exchange Exchange, string TradingSymbol, string SymbolToken, OrderSide Side, int Quantity,
    ProductType From, ProductType To);

/// <summary>The margin an order needs (what it adds to its position's margin) and the funds available for it.</summary>
public sealed record MarginQuote(decimal Required, decimal Available)
{
    public bool Enough => Required <= Available;
}

public sealed record BrokerQuote(Exchange Exchange, string TradingSymbol, string SymbolToken, decimal LastPrice, decimal? Open, decimal? High, decimal? Low, decimal? Close);

public sealed record BrokerCandle(DateTime Time, decimal Open, decimal High, decimal Low, decimal Close, long Volume);

public sealed record BrokerProfile(string ClientCode, string Name, string? Email, IReadOnlyList<string> Exchanges, IReadOnlyList<string> Products);

public sealed record BrokerInstrument(Exchange Exchange, string TradingSymbol, string SymbolToken);
