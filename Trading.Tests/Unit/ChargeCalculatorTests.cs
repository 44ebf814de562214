using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Positions;
using Trading.Web.Features.Strategies.Backtesting;

namespace Trading.Tests.Unit;

/// <summary>
/// Worked examples of the shipped rates (market-rates.json), each line computed by hand. Lines are rounded to paise;
/// GST is 18% of the rounded brokerage + exchange + IPFT + SEBI + DP lines.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class ChargeCalculatorTests
{
    private static readonly DateOnly After = new(2026, 12, 2);   // after the Union Budget 2026 STT rise (1 Apr 2026)
    private static readonly DateOnly Before = new(2026, 3, 16);

    private readonly ChargeCalculator _calculator = MarketRates.ChargeCalculator();

    private ChargeBreakdown Charge(Exchange exchange, string type, ProductType product, OrderSide side, int quantity, decimal price, DateOnly date,
        decimal orderFilledValue = 0m, DeliveryDay? day = null) =>
        _calculator.Calculate(new ChargeFill(exchange, type, product, side, quantity, price, date), orderFilledValue, day);

    //                                 brokerage, STT, exchange, IPFT, SEBI, stamp, DP, GST
    public static TheoryData<string, Exchange, string, ProductType, OrderSide, int, decimal, DateOnly, decimal[]> Examples => new()
    {
        // Intraday buy 100 @ 800 = 80,000: min(₹20, 0.03% = 24) = 20; exchange 0.00297% = 2.376; IPFT and SEBI ₹10/crore = 0.08;
        // stamp 0.003% = 2.40; GST 18% × 22.54 = 4.0572. Total 29.00.
        { "NSE intraday buy", Exchange.NSE, "EQ", ProductType.Intraday, OrderSide.Buy, 100, 800m, After, [20m, 0m, 2.38m, 0.08m, 0.08m, 2.40m, 0m, 4.06m] },
        // Intraday sell 100 @ 810 = 81,000: STT 0.025% = 20.25; exchange 2.4057; GST 18% × 22.57 = 4.0626. Total 46.88.
        { "NSE intraday sell", Exchange.NSE, "EQ", ProductType.Intraday, OrderSide.Sell, 100, 810m, After, [20m, 20.25m, 2.41m, 0.08m, 0.08m, 0m, 0m, 4.06m] },
        // Delivery buy 10 @ 1,500 = 15,000: brokerage 0.1% = 15 (under ₹20); STT 0.1% = 15; exchange 0.4455; IPFT, SEBI 0.015 → 0.02;
        // stamp 0.015% = 2.25; GST 18% × 15.49 = 2.7882. Total 35.53.
        { "NSE delivery buy", Exchange.NSE, "EQ", ProductType.Delivery, OrderSide.Buy, 10, 1500m, After, [15m, 15m, 0.45m, 0.02m, 0.02m, 2.25m, 0m, 2.79m] },
        // Delivery buy 1 @ 100: 0.1% = ₹0.10, raised to the ₹2 minimum; STT 0.10; exchange 0.00297 → 0.00; stamp 0.015; GST 18% × 2 = 0.36.
        { "NSE delivery minimum brokerage", Exchange.NSE, "EQ", ProductType.Delivery, OrderSide.Buy, 1, 100m, After, [2m, 0.10m, 0m, 0m, 0m, 0.02m, 0m, 0.36m] },
        // Delivery buy 100 @ 500 = 50,000: 0.1% = 50, capped at ₹20.
        { "NSE delivery brokerage cap", Exchange.NSE, "EQ", ProductType.Delivery, OrderSide.Buy, 100, 500m, After, [20m, 50m, 1.49m, 0.05m, 0.05m, 7.50m, 0m, 3.89m] },
        // Delivery sell of holdings 10 @ 1,600 = 16,000: brokerage 16; STT 16; exchange 0.4752; DP ₹20 (shares leave the demat);
        // GST 18% × (16 + 0.48 + 0.02 + 0.02 + 20) = 18% × 36.52 = 6.5736. Total 59.09.
        { "NSE delivery sell from holdings", Exchange.NSE, "EQ", ProductType.Delivery, OrderSide.Sell, 10, 1600m, After, [16m, 16m, 0.48m, 0.02m, 0.02m, 0m, 20m, 6.57m] },
        // NIFTY futures sell 75 @ 24,000 = 18,00,000 after 1 Apr 2026: STT 0.05% = 900; exchange 0.00173% = 31.14; IPFT, SEBI 1.80;
        // GST 18% × 54.74 = 9.8532. Total 964.59.
        { "NFO futures sell after", Exchange.NFO, "FUTIDX", ProductType.CarryForward, OrderSide.Sell, 75, 24000m, After, [20m, 900m, 31.14m, 1.80m, 1.80m, 0m, 0m, 9.85m] },
        // The same before 1 Apr 2026: STT 0.02% = 360. Total 424.59.
        { "NFO futures sell before", Exchange.NFO, "FUTIDX", ProductType.CarryForward, OrderSide.Sell, 75, 24000m, Before, [20m, 360m, 31.14m, 1.80m, 1.80m, 0m, 0m, 9.85m] },
        // Futures buy: no STT; stamp 0.002% = 36. Total 100.59.
        { "NFO futures buy", Exchange.NFO, "FUTIDX", ProductType.CarryForward, OrderSide.Buy, 75, 24000m, After, [20m, 0m, 31.14m, 1.80m, 1.80m, 36m, 0m, 9.85m] },
        // Option sell 75 @ ₹120 premium = 9,000 after: ₹20 flat; STT 0.15% = 13.50; exchange 0.03503% = 3.1527; IPFT ₹50/crore = 0.045 → 0.05;
        // SEBI 0.009 → 0.01; GST 18% × 23.21 = 4.1778. Total 40.89.
        { "NFO option sell after", Exchange.NFO, "OPTIDX", ProductType.CarryForward, OrderSide.Sell, 75, 120m, After, [20m, 13.50m, 3.15m, 0.05m, 0.01m, 0m, 0m, 4.18m] },
        // Before 1 Apr 2026: STT 0.1% = 9. Total 36.39.
        { "NFO option sell before", Exchange.NFO, "OPTIDX", ProductType.CarryForward, OrderSide.Sell, 75, 120m, Before, [20m, 9m, 3.15m, 0.05m, 0.01m, 0m, 0m, 4.18m] },
        // Option buy: no STT; stamp 0.003% = 0.27. Total 27.66.
        { "NFO option buy", Exchange.NFO, "OPTIDX", ProductType.Intraday, OrderSide.Buy, 75, 120m, After, [20m, 0m, 3.15m, 0.05m, 0.01m, 0.27m, 0m, 4.18m] },
        // MCX crude buy 100 @ 6,000 = 6,00,000: exchange 0.0021% = 12.60; no IPFT; SEBI 0.60; stamp 0.002% = 12; GST 18% × 33.20 = 5.976. Total 51.18.
        { "MCX futures buy", Exchange.MCX, "FUTCOM", ProductType.CarryForward, OrderSide.Buy, 100, 6000m, After, [20m, 0m, 12.60m, 0m, 0.60m, 12m, 0m, 5.98m] },
        // MCX sell 100 @ 6,050 = 6,05,000: CTT 0.01% = 60.50; exchange 12.705; SEBI 0.605; GST 18% × 33.32 = 5.9976. Total 99.82.
        { "MCX futures sell", Exchange.MCX, "FUTCOM", ProductType.CarryForward, OrderSide.Sell, 100, 6050m, After, [20m, 60.50m, 12.71m, 0m, 0.61m, 0m, 0m, 6.00m] },
        // BSE cash intraday buy 100 @ 800: BSE's 0.00375% = 3.00 (not NSE's), no IPFT; GST 18% × 23.08 = 4.1544. Total 29.63.
        { "BSE intraday buy", Exchange.BSE, "EQ", ProductType.Intraday, OrderSide.Buy, 100, 800m, After, [20m, 0m, 3.00m, 0m, 0.08m, 2.40m, 0m, 4.15m] },
        // SENSEX option buy 20 @ 300 = 6,000 on BFO: 0.0325% = 1.95; SEBI 0.006; stamp 0.18; GST 18% × 21.96 = 3.9528. Total 26.09.
        { "BFO index option buy", Exchange.BFO, "OPTIDX", ProductType.Intraday, OrderSide.Buy, 20, 300m, After, [20m, 0m, 1.95m, 0m, 0.01m, 0.18m, 0m, 3.95m] },
        // BSE stock option: 0.005% of 6,000 = 0.30; GST 18% × 20.31 = 3.6558.
        { "BFO stock option buy", Exchange.BFO, "OPTSTK", ProductType.Intraday, OrderSide.Buy, 20, 300m, After, [20m, 0m, 0.30m, 0m, 0.01m, 0.18m, 0m, 3.66m] },
        // BSE futures: no exchange charge.
        { "BFO futures buy", Exchange.BFO, "FUTIDX", ProductType.CarryForward, OrderSide.Buy, 20, 80000m, After, [20m, 0m, 0m, 0m, 1.60m, 32m, 0m, 3.89m] },
        // Currency option buy 1,000 @ 0.50 = 500: its own 0.0311% = 0.1555 → 0.16; stamp 0.0001% → 0.00; GST 18% × 20.16 = 3.6288. Total 23.79.
        { "CDS currency option buy", Exchange.CDS, "OPTCUR", ProductType.CarryForward, OrderSide.Buy, 1000, 0.50m, After, [20m, 0m, 0.16m, 0m, 0m, 0m, 0m, 3.63m] },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Worked_examples(string name, Exchange exchange, string type, ProductType product, OrderSide side, int quantity, decimal price, DateOnly date,
        decimal[] lines)
    {
        var c = Charge(exchange, type, product, side, quantity, price, date);
        var expected = new ChargeBreakdown(lines[0], lines[1], lines[2], lines[3], lines[4], lines[5], lines[6], lines[7]);
        Assert.True(expected == c, $"{name}: expected {expected}, got {c}");
    }

    [Fact]
    public void Totals_add_the_lines()
    {
        Assert.Equal(29.00m, Charge(Exchange.NSE, "EQ", ProductType.Intraday, OrderSide.Buy, 100, 800m, After).Total);
        Assert.Equal(46.88m, Charge(Exchange.NSE, "EQ", ProductType.Intraday, OrderSide.Sell, 100, 810m, After).Total);
        Assert.Equal(964.59m, Charge(Exchange.NFO, "FUTIDX", ProductType.CarryForward, OrderSide.Sell, 75, 24000m, After).Total);
        Assert.Equal(424.59m, Charge(Exchange.NFO, "FUTIDX", ProductType.CarryForward, OrderSide.Sell, 75, 24000m, Before).Total);
    }

    [Fact]
    public void A_same_day_delivery_round_trip_pays_intraday_stt_and_stamp_duty_and_no_dp()
    {
        // Buy 10 @ 1,500 CNC: delivery STT 15.00 and stamp 2.25 (as above). Selling the 10 @ 1,520 the same day makes it an intraday
        // trade: STT 0.025% of 15,200 = 3.80 and stamp 0.003% of 15,000 = 0.45 for the day, so the sell carries 3.80 − 15.00 = −11.20
        // STT and 0.45 − 2.25 = −1.80 stamp; nothing left the demat account, so no DP. Its brokerage 0.1% × 15,200 = 15.20; exchange
        // 0.45144; IPFT, SEBI 0.0152 → 0.02; GST 18% × 15.69 = 2.8242. Sell total 15.20 − 11.20 + 0.45 + 0.02 + 0.02 − 1.80 + 2.82 = 5.51.
        var buy = Charge(Exchange.NSE, "EQ", ProductType.Delivery, OrderSide.Buy, 10, 1500m, After, day: DeliveryDay.None);
        var day = DeliveryDay.None.With(OrderSide.Buy, 10, 1500m);
        var sell = Charge(Exchange.NSE, "EQ", ProductType.Delivery, OrderSide.Sell, 10, 1520m, After, day: day);
        Assert.Equal(new ChargeBreakdown(15.20m, -11.20m, 0.45m, 0.02m, 0.02m, -1.80m, 0m, 2.82m), sell);
        Assert.Equal(5.51m, sell.Total);
        Assert.Equal((3.80m, 0.45m, 0m), (buy.Stt + sell.Stt, buy.StampDuty + sell.StampDuty, buy.DpCharges + sell.DpCharges));
    }

    [Fact]
    public void Selling_more_than_was_bought_that_day_pays_delivery_rates_and_dp_on_the_rest()
    {
        // Holdings of 10 plus 5 bought today @ 1,500; sell 15 @ 1,600. 5 are intraday: STT 0.025% × 5 × 1,600 = 2.00, stamp 0.003% × 7,500
        // = 0.225. 10 leave the demat: STT 0.1% × 16,000 = 16.00 and ₹20 DP. Day STT 18.00 − the buy's 0.1% × 7,500 = 7.50 → sell 10.50;
        // stamp 0.23 − 1.13 (0.015% × 7,500 = 1.125) = −0.90.
        var day = DeliveryDay.None.With(OrderSide.Buy, 5, 1500m);
        var sell = Charge(Exchange.NSE, "EQ", ProductType.Delivery, OrderSide.Sell, 15, 1600m, After, day: day);
        Assert.Equal((10.50m, -0.90m, 20m), (sell.Stt, sell.StampDuty, sell.DpCharges));
    }

    [Fact]
    public void Brokerage_is_per_executed_order_not_per_fill()
    {
        // Intraday limit buy 100 @ 800 filled 40 then 60: the first fill's 0.03% of 32,000 = 9.60; the order's 80,000 costs min(20, 24)
        // = 20, so the second fill adds 10.40, not another min(20, 14.40) = 14.40.
        var first = Charge(Exchange.NSE, "EQ", ProductType.Intraday, OrderSide.Buy, 40, 800m, After);
        var second = Charge(Exchange.NSE, "EQ", ProductType.Intraday, OrderSide.Buy, 60, 800m, After, orderFilledValue: 32_000m);
        Assert.Equal((9.60m, 10.40m), (first.Brokerage, second.Brokerage));
    }

    [Fact]
    public void Exercised_options_pay_stt_on_intrinsic_value_at_the_rate_of_their_day()
    {
        // 75 NIFTY calls, strike 24,000, settled at 24,100: intrinsic value 75 × 100 = 7,500. 0.15% = 11.25 from 1 Apr 2026; 0.125% = 9.375 before.
        Assert.Equal(11.25m, _calculator.ExerciseStt(Exchange.NFO, "OPTIDX", After, 7500m));
        Assert.Equal(9.38m, _calculator.ExerciseStt(Exchange.NFO, "OPTIDX", Before, 7500m));
    }

    [Fact]
    public void A_new_dated_line_changes_only_trades_from_its_date()
    {
        var rates = new ChargeRates
        {
            Rates =
            [
                new ChargeRate { Charge = ChargeKind.Stt, Segment = ChargeSegment.Futures, Side = ChargeSide.Sell, From = new(2024, 10, 1), Percent = 0.02m },
                new ChargeRate { Charge = ChargeKind.Stt, Segment = ChargeSegment.Futures, Side = ChargeSide.Sell, From = new(2026, 4, 1), Percent = 0.05m },
                new ChargeRate { Charge = ChargeKind.Stt, Exchange = Exchange.BFO, Segment = ChargeSegment.Futures, From = new(2020, 1, 1), Percent = 0.5m },
            ],
        };
        decimal? Rate(Exchange exchange, DateOnly date) => rates.Find(ChargeKind.Stt, ChargeSegment.Futures, exchange, "FUTIDX", OrderSide.Sell, date)?.Percent;
        Assert.Equal(0.02m, Rate(Exchange.NFO, new(2026, 3, 31)));
        Assert.Equal(0.05m, Rate(Exchange.NFO, new(2026, 4, 1)));
        Assert.Null(Rate(Exchange.NFO, new(2024, 9, 30)));
        Assert.Equal(0.5m, Rate(Exchange.BFO, new(2026, 4, 1))); // the more specific line wins over a later general one

        // The lines in force change only on a line's first day (lines have no end).
        Assert.Equal(new DateOnly(2020, 1, 1), rates.NextChangeAfter(new(2019, 12, 31)));
        Assert.Equal(new DateOnly(2026, 4, 1), rates.NextChangeAfter(new(2024, 10, 1)));
        Assert.Equal(new DateOnly(2026, 4, 1), rates.NextChangeAfter(new(2026, 3, 31)));
        Assert.Null(rates.NextChangeAfter(new(2026, 4, 1)));
    }

    [Fact]
    public void A_backtest_charges_each_fill_as_the_calculator_does_also_across_a_dated_change()
    {
        // NFO futures STT rose from 0.02% to 0.05% of a sell on 1 Apr 2026: 75 × 24,000 = 18,00,000 → ₹360 before, ₹900 from then.
        var instrument = new Instrument { Exchange = Exchange.NFO, InstrumentType = "FUTIDX", TradingSymbol = "NIFTY26APRFUT", SymbolToken = "1" };
        var charge = BacktestService.FillCharges(_calculator, instrument, ProductType.Intraday);
        foreach (var day in new DateOnly[] { new(2026, 3, 30), new(2026, 3, 31), new(2026, 4, 1), new(2026, 4, 2), new(2026, 3, 31), new(2026, 12, 1) })
        {
            Assert.Equal(Charge(Exchange.NFO, "FUTIDX", ProductType.Intraday, OrderSide.Sell, 75, 24_000m, day).Total, charge(OrderSide.Sell, 75, 24_000m, day));
            Assert.Equal(Charge(Exchange.NFO, "FUTIDX", ProductType.Intraday, OrderSide.Buy, 75, 24_000m, day).Total, charge(OrderSide.Buy, 75, 24_000m, day));
        }
        Assert.Equal(360m, Charge(Exchange.NFO, "FUTIDX", ProductType.Intraday, OrderSide.Sell, 75, 24_000m, new(2026, 3, 31)).Stt);
        Assert.Equal(900m, Charge(Exchange.NFO, "FUTIDX", ProductType.Intraday, OrderSide.Sell, 75, 24_000m, new(2026, 4, 1)).Stt);
    }

    [Theory]
    [InlineData(Exchange.NSE, "", ProductType.Delivery, ChargeSegment.EquityDelivery)]
    [InlineData(Exchange.BSE, "", ProductType.Intraday, ChargeSegment.EquityIntraday)]
    [InlineData(Exchange.NFO, "FUTIDX", ProductType.CarryForward, ChargeSegment.Futures)]
    [InlineData(Exchange.NFO, "OPTIDX", ProductType.Intraday, ChargeSegment.Options)]
    [InlineData(Exchange.BFO, "OPTIDX", ProductType.Intraday, ChargeSegment.Options)]
    [InlineData(Exchange.MCX, "FUTCOM", ProductType.CarryForward, ChargeSegment.CommodityFutures)]
    [InlineData(Exchange.MCX, "OPTFUT", ProductType.CarryForward, ChargeSegment.CommodityOptions)]
    [InlineData(Exchange.CDS, "FUTCUR", ProductType.CarryForward, ChargeSegment.CurrencyFutures)]
    [InlineData(Exchange.CDS, "OPTCUR", ProductType.CarryForward, ChargeSegment.CurrencyOptions)]
    public void Segments_follow_exchange_instrument_and_product(Exchange exchange, string type, ProductType product, ChargeSegment expected) =>
        Assert.Equal(expected, ChargeRates.SegmentOf(exchange, type, product));
}
