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
    /// <summary>Indian charges of this fill in all: the sum of the lines below, at the rates of its trade date.</summary>
    public decimal Charges { get; set; }
    public decimal Brokerage { get; set; }
    /// <summary>STT (CTT on commodities). Negative on a delivery sell that made a same-day round trip of an earlier buy.</summary>
    public decimal Stt { get; set; }
    public decimal ExchangeCharges { get; set; }
    public decimal Ipft { get; set; }
    public decimal SebiFee { get; set; }
    public decimal StampDuty { get; set; }
    public decimal DpCharges { get; set; }
    public decimal Gst { get; set; }
    public DateTime TradedAt { get; set; }
}
