namespace Trading.Data.Entities;

public enum OrderSide { Buy, Sell }
public enum OrderType { Market, Limit, StopLossLimit, StopLossMarket }
public enum ProductType { Intraday, Delivery, CarryForward, Margin }
public enum OrderVariety { Normal, StopLoss, Amo, Robo }
public enum OrderValidity { Day, Ioc }
/// <summary>Order statuses. <see cref="TriggerPending"/>: a stop order resting at the broker until its trigger price trades.</summary>
public enum OrderStatus { PendingSubmit, Open, PartiallyFilled, Filled, Cancelled, Rejected, Unknown, TriggerPending }
public enum OrderSource { Manual, Strategy, SquareOff, Risk, AutoSquareOff }

/// <summary>Every order a trader or a strategy placed. PostgreSQL partitions it by month (see issue on orders).</summary>
public class Order : IVersioned
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public Guid? BrokerAccountId { get; set; }
    public Guid? UserStrategyId { get; set; }
    /// <summary>A bracket (ROBO) order's target or stop-loss leg points at the entry order that created it.</summary>
    public Guid? ParentOrderId { get; set; }
    public UserStrategy? UserStrategy { get; set; }
    public Guid? TradingSessionId { get; set; }
    /// <summary>Unique per user: a repeated submit finds the existing order.</summary>
    public string ClientOrderId { get; set; } = "";
    public string? BrokerOrderId { get; set; }
    public Exchange Exchange { get; set; }
    public string TradingSymbol { get; set; } = "";
    public string SymbolToken { get; set; } = "";
    public OrderSide Side { get; set; }
    public OrderType OrderType { get; set; }
    public ProductType ProductType { get; set; }
    public OrderVariety Variety { get; set; }
    public OrderValidity Validity { get; set; }
    public int Quantity { get; set; }
    public decimal? Price { get; set; }
    public decimal? TriggerPrice { get; set; }
    public decimal? StopLoss { get; set; }
    public decimal? Target { get; set; }
    public OrderStatus Status { get; set; }
    public int FilledQuantity { get; set; }
    public decimal? AverageFillPrice { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public OrderSource Source { get; set; }
    /// <summary>Order tag sent to the broker (strategy algo id where one is set).</summary>
    public string? Tag { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public uint Version { get; set; }
}
