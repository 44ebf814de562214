using Microsoft.Extensions.Options;
using Trading.Data.Entities;

namespace Trading.Web.Features.Positions;

public sealed record ChargeBreakdown(decimal Brokerage, decimal Stt, decimal ExchangeCharges, decimal SebiFee, decimal StampDuty, decimal Gst)
{
    public decimal Total => Brokerage + Stt + ExchangeCharges + SebiFee + StampDuty + Gst;

    public static readonly ChargeBreakdown Zero = new(0, 0, 0, 0, 0, 0);

    public static ChargeBreakdown operator +(ChargeBreakdown a, ChargeBreakdown b) => new(a.Brokerage + b.Brokerage, a.Stt + b.Stt,
        a.ExchangeCharges + b.ExchangeCharges, a.SebiFee + b.SebiFee, a.StampDuty + b.StampDuty, a.Gst + b.Gst);
}

/// <summary>
/// Charges of one executed order (or fill) on Indian exchanges: brokerage, STT/CTT, exchange transaction charge,
/// SEBI turnover fee, stamp duty (buy side) and 18% GST on brokerage + exchange + SEBI. Each is rounded to paise.
/// </summary>
public sealed class ChargeCalculator(IOptions<ChargeRates> options)
{
    public ChargeBreakdown Calculate(ChargeSegment segment, OrderSide side, int quantity, decimal price)
    {
        var rates = options.Value;
        var r = rates.Segments[segment];
        var turnover = quantity * price;
        var brokerage = r.BrokeragePercent is { } percent ? Math.Min(r.BrokerageFlat, Pct(turnover, percent)) : r.BrokerageFlat;
        var stt = Pct(turnover, side == OrderSide.Buy ? r.SttBuyPercent : r.SttSellPercent);
        var exchange = Pct(turnover, r.ExchangePercent);
        var sebi = turnover * rates.SebiPerCrore / 10_000_000m;
        var stamp = side == OrderSide.Buy ? Pct(turnover, r.StampBuyPercent) : 0m;
        var gst = (brokerage + exchange + sebi) * rates.GstPercent / 100m;
        return new ChargeBreakdown(Round(brokerage), Round(stt), Round(exchange), Round(sebi), Round(stamp), Round(gst));
    }

    private static decimal Pct(decimal amount, decimal percent) => amount * percent / 100m;

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
