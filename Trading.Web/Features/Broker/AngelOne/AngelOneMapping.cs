using System.Globalization;
using Trading.Data.Entities;

namespace Trading.Web.Features.Broker.AngelOne;

/// <summary>Our enums to SmartAPI's strings and back (SMARTAPI.md §4).</summary>
public static class AngelOneMapping
{
    public static string Side(OrderSide side) => side == OrderSide.Buy ? "BUY" : "SELL";

    public static OrderSide Side(string? value) => string.Equals(value, "SELL", StringComparison.OrdinalIgnoreCase) ? OrderSide.Sell : OrderSide.Buy;

    public static string OrderType(OrderType type) => type switch
    {
        Data.Entities.OrderType.Market => "MARKET",
        Data.Entities.OrderType.Limit => "LIMIT",
        Data.Entities.OrderType.StopLossLimit => "STOPLOSS_LIMIT",
        _ => "STOPLOSS_MARKET",
    };

    public static OrderType OrderType(string? value) => value?.ToUpperInvariant() switch
    {
        "LIMIT" => Data.Entities.OrderType.Limit,
        "STOPLOSS_LIMIT" or "SL" => Data.Entities.OrderType.StopLossLimit,
        "STOPLOSS_MARKET" or "SL-M" => Data.Entities.OrderType.StopLossMarket,
        _ => Data.Entities.OrderType.Market,
    };

    public static string Product(ProductType product, OrderVariety variety) => variety == OrderVariety.Robo ? "BO" : product switch
    {
        ProductType.Intraday => "INTRADAY",
        ProductType.Delivery => "DELIVERY",
        ProductType.CarryForward => "CARRYFORWARD",
        _ => "MARGIN",
    };

    public static ProductType Product(string? value) => value?.ToUpperInvariant() switch
    {
        "DELIVERY" or "CNC" => ProductType.Delivery,
        "CARRYFORWARD" or "NRML" => ProductType.CarryForward,
        "MARGIN" => ProductType.Margin,
        _ => ProductType.Intraday,
    };

    /// <summary>Stop-loss orders go with variety STOPLOSS, as the broker expects, unless they are AMO or bracket orders.</summary>
    public static string Variety(OrderVariety variety, OrderType type) => variety switch
    {
        OrderVariety.Amo => "AMO",
        OrderVariety.Robo => "ROBO",
        _ when type.UsesTrigger() => "STOPLOSS",
        OrderVariety.StopLoss => "STOPLOSS",
        _ => "NORMAL",
    };

    public static OrderVariety Variety(string? value) => value?.ToUpperInvariant() switch
    {
        "STOPLOSS" => OrderVariety.StopLoss,
        "AMO" => OrderVariety.Amo,
        "ROBO" => OrderVariety.Robo,
        _ => OrderVariety.Normal,
    };

    public static string Duration(OrderValidity validity) => validity == OrderValidity.Ioc ? "IOC" : "DAY";

    public static Exchange? Exchange(string? value) =>
        Enum.TryParse<Exchange>(value, ignoreCase: true, out var e) && Enum.IsDefined(e) ? e : null;

    /// <summary>Order statuses are lowercase words; undocumented ones map to Unknown so reconciliation looks closer.</summary>
    public static BrokerOrderStatus Status(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "complete" => BrokerOrderStatus.Complete,
        "rejected" => BrokerOrderStatus.Rejected,
        "cancelled" or "cancelled after market order" => BrokerOrderStatus.Cancelled,
        "trigger pending" => BrokerOrderStatus.TriggerPending,
        "open" or "modified" or "after market order req received" or "modify after market order req received" => BrokerOrderStatus.Open,
        "open pending" or "modify pending" or "validation pending" or "put order req received" or "modify validation pending" or "cancel pending" => BrokerOrderStatus.Pending,
        _ => BrokerOrderStatus.Unknown,
    };

    public static string Interval(CandleInterval interval) => interval switch
    {
        CandleInterval.OneMinute => "ONE_MINUTE",
        CandleInterval.ThreeMinute => "THREE_MINUTE",
        CandleInterval.FiveMinute => "FIVE_MINUTE",
        CandleInterval.TenMinute => "TEN_MINUTE",
        CandleInterval.FifteenMinute => "FIFTEEN_MINUTE",
        CandleInterval.ThirtyMinute => "THIRTY_MINUTE",
        CandleInterval.OneHour => "ONE_HOUR",
        _ => "ONE_DAY",
    };

    /// <summary>Days of history one candle request may span (SMARTAPI.md §4).</summary>
    public static int MaxDaysPerRequest(CandleInterval interval) => interval switch
    {
        CandleInterval.OneMinute => 30,
        CandleInterval.ThreeMinute => 60,
        CandleInterval.FiveMinute or CandleInterval.TenMinute => 100,
        CandleInterval.FifteenMinute or CandleInterval.ThirtyMinute => 200,
        CandleInterval.OneHour => 400,
        _ => 2000,
    };

    public static string Price(decimal? value) => (value ?? 0m).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>"20-Oct-2020 13:10:59" in IST, as the order book writes update times.</summary>
    public static DateTime? OrderTime(string? value) =>
        DateTime.TryParseExact(value, "dd-MMM-yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var ist)
            ? new DateTimeOffset(ist, Infrastructure.IndianTime.Offset).UtcDateTime
            : null;
}
