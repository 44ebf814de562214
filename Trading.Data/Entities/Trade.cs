namespace Trading.Data.Entities;

/// <summary>A fill of an order.</summary>
public class Trade
{
    public long Id { get; set; }
    public Guid OrderId { get; set; }
    public Guid UserId { get; set; }
    public string? BrokerTradeId { get; set; }
    public Exchange Exchange { get; set; }
    public string TradingSymbol { get; set; } = "";
    public string SymbolToken { get; set; } = "";
    public ProductType ProductType { get; set; }
    public OrderSide Side { get; set; }
    public int Quantity { get; set; }
    public decimal Price { get; set; }
    /// <summary>Indian charges of this fill (brokerage, STT, exchange, SEBI, stamp duty, GST).</summary>
    public decimal Charges { get; set; }
    public DateTime TradedAt { get; set; }
}
