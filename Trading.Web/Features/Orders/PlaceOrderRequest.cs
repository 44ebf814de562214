using Trading.Data.Entities;

namespace Trading.Web.Features.Orders;

/// <summary>An order as the ticket, a strategy or a risk action asks for it. <see cref="ClientOrderId"/> makes it idempotent.</summary>
public sealed record PlaceOrderRequest(
    Guid UserId,
    string ClientOrderId,
    Exchange Exchange,
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
    OrderSource Source = OrderSource.Manual,
    Guid? UserStrategyId = null,
    Guid? BrokerAccountId = null,
    string? Tag = null);

public static class PlaceOrderRequestExtensions
{
    public static Broker.BrokerOrderRequest ToBroker(this PlaceOrderRequest r, Instrument instrument) => new(r.Exchange, instrument.TradingSymbol,
        r.SymbolToken, r.Side, r.OrderType, r.ProductType, r.Variety, r.Validity, r.Quantity, r.Price, r.TriggerPrice, r.StopLoss, r.Target, r.Tag);
}

public sealed record PlaceOrderResult(Order? Order, IReadOnlyDictionary<string, string> Errors, bool Duplicate = false)
{
    public bool Accepted => Order is not null && Errors.Count == 0;
    public string? Message => Errors.Count == 0 ? null : string.Join(" ", Errors.Values.Distinct());
}
