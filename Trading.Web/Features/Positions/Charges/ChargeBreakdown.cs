namespace Trading.Web.Features.Positions;

/// <summary>The charges of a fill, an order or a day, each line rounded to paise.</summary>
public sealed record ChargeBreakdown(decimal Brokerage, decimal Stt, decimal ExchangeCharges, decimal Ipft, decimal SebiFee,
    decimal StampDuty, decimal DpCharges, decimal Gst)
{
    public decimal Total => Brokerage + Stt + ExchangeCharges + Ipft + SebiFee + StampDuty + DpCharges + Gst;

    public static readonly ChargeBreakdown Zero = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static ChargeBreakdown operator +(ChargeBreakdown a, ChargeBreakdown b) => new(a.Brokerage + b.Brokerage, a.Stt + b.Stt,
        a.ExchangeCharges + b.ExchangeCharges, a.Ipft + b.Ipft, a.SebiFee + b.SebiFee, a.StampDuty + b.StampDuty, a.DpCharges + b.DpCharges,
        a.Gst + b.Gst);

    /// <summary>The lines with their labels, in contract-note order (STT is called CTT on commodities).</summary>
    public IReadOnlyList<(string Label, decimal Amount)> Lines(bool commodity = false) =>
    [
        ("Brokerage", Brokerage),
        (commodity ? "CTT" : "STT", Stt),
        ("Exchange transaction charges", ExchangeCharges),
        ("NSE IPFT", Ipft),
        ("SEBI turnover fee", SebiFee),
        ("Stamp duty", StampDuty),
        ("DP charges", DpCharges),
        ("GST", Gst),
    ];
}

/// <summary>
/// The same stock's delivery (CNC) fills earlier on the trade date. Bought and sold on one day, it is an intraday trade
/// for STT and stamp duty, and nothing leaves the demat account (no DP charge) unless more was sold than bought.
/// </summary>
public sealed record DeliveryDay(int BuyQuantity, decimal BuyValue, int SellQuantity, decimal SellValue)
{
    public static readonly DeliveryDay None = new(0, 0m, 0, 0m);

    public DeliveryDay With(Trading.Data.Entities.OrderSide side, int quantity, decimal price) => side == Trading.Data.Entities.OrderSide.Buy
        ? this with { BuyQuantity = BuyQuantity + quantity, BuyValue = BuyValue + quantity * price }
        : this with { SellQuantity = SellQuantity + quantity, SellValue = SellValue + quantity * price };
}
