using Microsoft.Extensions.Options;
using Trading.Data.Entities;

namespace Trading.Web.Features.Positions;

/// <summary>One executed fill to charge. <paramref name="TradeDate"/> is the IST trade date that picks the rates.</summary>
public sealed record ChargeFill(Exchange Exchange, string InstrumentType, ProductType Product, OrderSide Side, int Quantity, decimal Price,
    DateOnly TradeDate)
{
    public decimal Turnover => Quantity * Price;
}

/// <summary>The rate lines that charge fills of one segment, exchange, instrument type and side on one IST trade date.</summary>
public sealed record ChargeCard(ChargeSegment Segment, ChargeRate? Brokerage, ChargeRate? Exchange, ChargeRate? Ipft, ChargeRate? Sebi, ChargeRate? Stt,
    ChargeRate? Stamp, decimal GstPercent)
{
    public decimal GstFraction { get; } = GstPercent / 100m;
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
        var card = CardFor(fill.Exchange, fill.InstrumentType, fill.Product, fill.Side, fill.TradeDate);
        if (card.Segment != ChargeSegment.EquityDelivery) return Calculate(card, fill.Turnover, orderFilledValue);
        var rates = options.CurrentValue;
        var turnover = fill.Turnover;
        var before = deliveryDay ?? DeliveryDay.None;
        var after = before.With(fill.Side, fill.Quantity, fill.Price);
        var (sttBefore, stampBefore, dpBefore) = DayTaxes(rates, fill, before);
        var (sttAfter, stampAfter, dpAfter) = DayTaxes(rates, fill, after);
        var (brokerage, exchange, ipft, sebi) = (Brokerage(card, turnover, orderFilledValue), Round(card.Exchange?.On(turnover) ?? 0m),
            Round(card.Ipft?.On(turnover) ?? 0m), Round(card.Sebi?.On(turnover) ?? 0m));
        var dp = dpAfter - dpBefore;
        var gst = Round((brokerage + exchange + ipft + sebi + dp) * card.GstPercent / 100m);
        return new ChargeBreakdown(brokerage, sttAfter - sttBefore, exchange, ipft, sebi, stampAfter - stampBefore, dp, gst);
    }

    /// <summary>The rate lines of one segment, side and IST trade date, looked up once (a backtest charges thousands of fills on one card).</summary>
    public ChargeCard CardFor(Exchange exchange, string instrumentType, ProductType product, OrderSide side, DateOnly tradeDate)
    {
        var rates = options.CurrentValue;
        var segment = ChargeRates.SegmentOf(exchange, instrumentType, product);
        ChargeRate? Line(ChargeKind kind) => rates.Find(kind, segment, exchange, instrumentType, side, tradeDate);
        return new ChargeCard(segment, Line(ChargeKind.Brokerage), Line(ChargeKind.ExchangeTransaction), Line(ChargeKind.Ipft), Line(ChargeKind.SebiFee),
            Line(ChargeKind.Stt), Line(ChargeKind.StampDuty), Line(ChargeKind.Gst)?.Percent ?? 0m);
    }

    /// <summary>The card of <paramref name="tradeDate"/> with the last IST trade date it holds for (null: no later line is dated yet).</summary>
    public (ChargeCard Card, DateOnly? Until) CardWithRangeFor(Exchange exchange, string instrumentType, ProductType product, OrderSide side, DateOnly tradeDate)
    {
        var next = options.CurrentValue.NextChangeAfter(tradeDate);
        return (CardFor(exchange, instrumentType, product, side, tradeDate), next?.AddDays(-1));
    }

    /// <summary>The charges of a fill of <paramref name="turnover"/> on a card of any segment but equity delivery (whose taxes depend on the day's fills).</summary>
    public static ChargeBreakdown Calculate(ChargeCard card, decimal turnover, decimal orderFilledValue = 0m)
    {
        var (brokerage, stt, exchange, ipft, sebi, stamp, gst) = Lines(card, turnover, orderFilledValue);
        return new ChargeBreakdown(brokerage, stt, exchange, ipft, sebi, stamp, 0m, gst);
    }

    /// <summary>The total of <see cref="Calculate(ChargeCard, decimal, decimal)"/> without the breakdown (a backtest charges a fill every few dozen bars).</summary>
    public static decimal Total(ChargeCard card, decimal turnover)
    {
        var (brokerage, stt, exchange, ipft, sebi, stamp, gst) = Lines(card, turnover, 0m);
        return brokerage + stt + exchange + ipft + sebi + stamp + gst;
    }

    private static (decimal Brokerage, decimal Stt, decimal Exchange, decimal Ipft, decimal Sebi, decimal Stamp, decimal Gst) Lines(ChargeCard card,
        decimal turnover, decimal orderFilledValue)
    {
        if (card.Segment == ChargeSegment.EquityDelivery) throw new ArgumentException("Delivery fills are charged with their delivery day.", nameof(card));
        var brokerage = Brokerage(card, turnover, orderFilledValue);
        var exchange = Round(card.Exchange?.On(turnover) ?? 0m);
        var ipft = Round(card.Ipft?.On(turnover) ?? 0m);
        var sebi = Round(card.Sebi?.On(turnover) ?? 0m);
        var gst = Round((brokerage + exchange + ipft + sebi) * card.GstFraction);
        return (brokerage, Round(card.Stt?.On(turnover) ?? 0m), exchange, ipft, sebi, Round(card.Stamp?.On(turnover) ?? 0m), gst);
    }

    private static decimal Brokerage(ChargeCard card, decimal turnover, decimal orderFilledValue) =>
        Round(card.Brokerage?.On(orderFilledValue + turnover) ?? 0m) - Round(card.Brokerage?.On(orderFilledValue) ?? 0m);

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
