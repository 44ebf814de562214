namespace Trading.Data.Entities;

/// <summary>An open or closed position. Closed when <see cref="ClosedAt"/> is set.</summary>
public class Position : IVersioned
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public Exchange Exchange { get; set; }
    public string TradingSymbol { get; set; } = "";
    public string SymbolToken { get; set; } = "";
    public ProductType ProductType { get; set; }
    public int NetQuantity { get; set; }
    public decimal AveragePrice { get; set; }
    public int BuyQuantity { get; set; }
    public decimal BuyValue { get; set; }
    public int SellQuantity { get; set; }
    public decimal SellValue { get; set; }
    public decimal RealizedPnl { get; set; }
    public decimal Charges { get; set; }
    public decimal? LastPrice { get; set; }
    public Guid? OpeningOrderId { get; set; }
    public Guid? ClosingOrderId { get; set; }
    public DateTime OpenedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public uint Version { get; set; }
}
