using Microsoft.Extensions.Options;
using Trading.Data.Entities;

namespace Trading.Web.Features.Positions;

/// <summary>One executed fill to charge. <paramref name="TradeDate"/> is the IST trade date that picks the rates.</summary>
public sealed record ChargeFill(Exchange Exchange, string InstrumentType, ProductType Product, OrderSide Side, int Quantity, decimal Price,
    DateOnly TradeDate)
{
    public decimal Turnover => Quantity * Price;
}

/// <summary>
/// Charges on Indian exchanges from the dated rates of <see cref="ChargeRates"/>: brokerage per executed order, STT/CTT,
/// exchange transaction charge, NSE IPFT, SEBI fee, stamp duty (buyer), DP charge (a delivery sell, once per stock and
/// day) and GST on brokerage + exchange + IPFT + SEBI + DP. A fill's charges are what it adds to its order's and its
/// day's charges, so the fills of an order and of a day add up to exactly what the contract note shows for them.
/// </summary>
public sealed class ChargeCalculator(IOptionsMonitor<ChargeRates> options)
{
    /// <summary>
    /// The charges <paramref name="fill"/> adds. <paramref name="orderFilledValue"/>: the value its order filled before
    /// (brokerage is per executed order); <paramref name="deliveryDay"/>: the stock's delivery fills earlier that day.
    /// </summary>
    public ChargeBreakdown Calculate(ChargeFill fill, decimal orderFilledValue = 0m, DeliveryDay? deliveryDay = null)
    {
        var rates = options.CurrentValue;
        var segment = ChargeRates.SegmentOf(fill.Exchange, fill.InstrumentType, fill.Product);
        var turnover = fill.Turnover;
        decimal Amount(ChargeKind kind, decimal on) => Round(rates.Find(kind, segment, fill.Exchange, fill.InstrumentType, fill.Side, fill.TradeDate)?.On(on) ?? 0m);

        var brokerage = Amount(ChargeKind.Brokerage, orderFilledValue + turnover) - Amount(ChargeKind.Brokerage, orderFilledValue);
        var exchange = Amount(ChargeKind.ExchangeTransaction, turnover);
        var ipft = Amount(ChargeKind.Ipft, turnover);
        var sebi = Amount(ChargeKind.SebiFee, turnover);
        decimal stt, stamp, dp = 0m;
        if (segment == ChargeSegment.EquityDelivery)
        {
            var before = deliveryDay ?? DeliveryDay.None;
            var after = before.With(fill.Side, fill.Quantity, fill.Price);
            var (sttBefore, stampBefore, dpBefore) = DayTaxes(rates, fill, before);
            var (sttAfter, stampAfter, dpAfter) = DayTaxes(rates, fill, after);
            (stt, stamp, dp) = (sttAfter - sttBefore, stampAfter - stampBefore, dpAfter - dpBefore);
        }
        else
        {
            stt = Amount(ChargeKind.Stt, turnover);
            stamp = Amount(ChargeKind.StampDuty, turnover);
        }
        var gstRate = rates.Find(ChargeKind.Gst, segment, fill.Exchange, fill.InstrumentType, fill.Side, fill.TradeDate)?.Percent ?? 0m;
        var gst = Round((brokerage + exchange + ipft + sebi + dp) * gstRate / 100m);
        return new ChargeBreakdown(brokerage, stt, exchange, ipft, sebi, stamp, dp, gst);
    }

    /// <summary>STT on an option bought and exercised: the dated rate of its intrinsic value (quantity × (spot − strike) for a call).</summary>
    public decimal ExerciseStt(Exchange exchange, string instrumentType, DateOnly tradeDate, decimal intrinsicValue) =>
        Round(options.CurrentValue.Find(ChargeKind.SttExercise, ChargeSegment.Options, exchange, instrumentType, OrderSide.Sell, tradeDate)?.On(intrinsicValue) ?? 0m);

    /// <summary>
    /// STT, stamp duty and DP charge of a stock's delivery fills of one day: the quantity both bought and sold that day is
    /// taxed at intraday rates (at the day's average prices); the rest at delivery rates; DP is due when more was sold
    /// than bought.
    /// </summary>
    private static (decimal Stt, decimal Stamp, decimal Dp) DayTaxes(ChargeRates rates, ChargeFill fill, DeliveryDay day)
    {
        var matched = Math.Min(day.BuyQuantity, day.SellQuantity);
        var intradayBuy = day.BuyQuantity == 0 ? 0m : matched * day.BuyValue / day.BuyQuantity;
        var intradaySell = day.SellQuantity == 0 ? 0m : matched * day.SellValue / day.SellQuantity;
        decimal Rate(ChargeKind kind, ChargeSegment segment, OrderSide side, decimal on) =>
            rates.Find(kind, segment, fill.Exchange, fill.InstrumentType, side, fill.TradeDate)?.On(on) ?? 0m;
        var stt = Rate(ChargeKind.Stt, ChargeSegment.EquityDelivery, OrderSide.Buy, day.BuyValue - intradayBuy)
            + Rate(ChargeKind.Stt, ChargeSegment.EquityDelivery, OrderSide.Sell, day.SellValue - intradaySell)
            + Rate(ChargeKind.Stt, ChargeSegment.EquityIntraday, OrderSide.Buy, intradayBuy)
            + Rate(ChargeKind.Stt, ChargeSegment.EquityIntraday, OrderSide.Sell, intradaySell);
        var stamp = Rate(ChargeKind.StampDuty, ChargeSegment.EquityDelivery, OrderSide.Buy, day.BuyValue - intradayBuy)
            + Rate(ChargeKind.StampDuty, ChargeSegment.EquityIntraday, OrderSide.Buy, intradayBuy);
        var soldFromDemat = day.SellQuantity > day.BuyQuantity ? day.SellValue - intradaySell : 0m;
        var dp = Rate(ChargeKind.DpCharge, ChargeSegment.EquityDelivery, OrderSide.Sell, soldFromDemat);
        return (Round(stt), Round(stamp), Round(dp));
    }

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
