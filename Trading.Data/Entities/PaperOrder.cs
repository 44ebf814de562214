namespace Trading.Data.Entities;

public enum PaperOrderStatus { Open, TriggerPending, Complete, Cancelled, Rejected }

/// <summary>
/// The paper broker's own order book: what a real broker would hold on its side. The app's <see cref="Order"/>
/// rows point at these through <see cref="Order.BrokerOrderId"/>.
/// </summary>
public class PaperOrder : IVersioned
{
    public Guid Id { get; set; }
    public string BrokerOrderId { get; set; } = "";
    public Guid BrokerAccountId { get; set; }
    public Guid UserId { get; set; }
    public Exchange Exchange { get; set; }
    public string SymbolToken { get; set; } = "";
    public string TradingSymbol { get; set; } = "";
    public OrderSide Side { get; set; }
    public OrderType OrderType { get; set; }
    public ProductType ProductType { get; set; }
    public OrderVariety Variety { get; set; }
    public OrderValidity Validity { get; set; }
    public int Quantity { get; set; }
    public decimal? Price { get; set; }
    public decimal? TriggerPrice { get; set; }
    public PaperOrderStatus Status { get; set; }
    public int FilledQuantity { get; set; }
    public decimal? AveragePrice { get; set; }
    public string? RejectionReason { get; set; }
    public string? Tag { get; set; }
    /// <summary>A bracket entry's stop-loss and target, in points from its fill price.</summary>
    public decimal? StopLoss { get; set; }
    public decimal? Target { get; set; }
    /// <summary>A bracket leg's entry order (its broker order id); the legs are one-cancels-other.</summary>
    public string? ParentBrokerOrderId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public uint Version { get; set; }
}

/// <summary>A fill of a paper order, or one leg of a position conversion (no order: <see cref="PaperOrderId"/> is null).</summary>
public class PaperTrade
{
    public long Id { get; set; }
    public Guid? PaperOrderId { get; set; }
    public Guid BrokerAccountId { get; set; }
    public string FillId { get; set; } = "";
    public Exchange Exchange { get; set; }
    public string SymbolToken { get; set; } = "";
    public string TradingSymbol { get; set; } = "";
    public OrderSide Side { get; set; }
    public ProductType ProductType { get; set; }
    public int Quantity { get; set; }
    public decimal Price { get; set; }
    /// <summary>What the paper broker debited for this fill (brokerage, taxes and fees at the rates of its day).</summary>
    public decimal Charges { get; set; }
    public DateTime FilledAt { get; set; }
}

public enum FundTransferKind { Payin, Payout }

/// <summary>Money added to or withdrawn from a paper account, as a broker's payin/payout record.</summary>
public class PaperFundTransfer
{
    public long Id { get; set; }
    public Guid BrokerAccountId { get; set; }
    public Guid UserId { get; set; }
    public FundTransferKind Kind { get; set; }
    public decimal Amount { get; set; }
    public string? Note { get; set; }
    public DateTime At { get; set; }
}
