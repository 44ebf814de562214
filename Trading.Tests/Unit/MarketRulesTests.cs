using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Broker.Paper;
using Trading.Web.Features.Funds;
using Trading.Web.Features.Holdings;
using Trading.Web.Features.MarketData;

namespace Trading.Tests.Unit;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class MarginCalculatorTests
{
    private static readonly DateOnly Day = new(2026, 12, 2);
    private readonly MarginCalculator _margins = MarketRates.MarginCalculator();
    private static readonly MarginInstrument Sbin = new(Exchange.NSE, "EQ", null);
    private static readonly MarginInstrument NiftyFuture = new(Exchange.NFO, "FUTIDX", null);
    private static readonly MarginInstrument StockFuture = new(Exchange.NFO, "FUTSTK", null);
    private static readonly MarginInstrument NiftyCall = new(Exchange.NFO, "OPTIDX", 24_000m);

    [Theory]
    // Intraday equity at the exchange's 20% minimum: 100 × 800 = 80,000 → 16,000 (5× leverage), long or short alike.
    [InlineData("intraday long", 100, 800, 16_000)]
    [InlineData("intraday short", -100, 800, 16_000)]
    public void Intraday_equity_blocks_a_fifth(string name, int net, decimal price, decimal expected) =>
        Assert.True(expected == _margins.ForPosition(Sbin, ProductType.Intraday, net, price, Day), name);

    [Fact]
    public void Delivery_pays_in_full_and_derivatives_block_their_configured_share()
    {
        Assert.Equal(80_000m, _margins.ForPosition(Sbin, ProductType.Delivery, 100, 800m, Day));
        // NIFTY futures 75 × 24,000 = 18,00,000 at 12% = 2,16,000; a stock future of 1,500 × 800 = 12,00,000 at 20% = 2,40,000.
        Assert.Equal(216_000m, _margins.ForPosition(NiftyFuture, ProductType.CarryForward, -75, 24_000m, Day));
        Assert.Equal(240_000m, _margins.ForPosition(StockFuture, ProductType.CarryForward, 1500, 800m, Day));
        // Buying 75 calls at ₹120 blocks the premium, 9,000; writing them blocks 12% of 75 × the 24,000 strike = 2,16,000.
        Assert.Equal(9_000m, _margins.ForPosition(NiftyCall, ProductType.CarryForward, 75, 120m, Day));
        Assert.Equal(216_000m, _margins.ForPosition(NiftyCall, ProductType.CarryForward, -75, 120m, Day));
    }

    [Fact]
    public void An_order_needs_what_it_adds_so_exits_need_nothing_and_a_flip_pays_for_the_new_side()
    {
        // Long 100 intraday @ 800: selling 100 closes it (0); selling 150 flips to short 50: 8,000 − 16,000 < 0 → 0 more;
        // selling 300 makes it short 200 = 32,000, 16,000 more than now. A buy of 50 more needs 8,000.
        Assert.Equal(0m, _margins.ForOrder(Sbin, ProductType.Intraday, 100, OrderSide.Sell, 100, 800m, Day));
        Assert.Equal(0m, _margins.ForOrder(Sbin, ProductType.Intraday, 100, OrderSide.Sell, 150, 800m, Day));
        Assert.Equal(16_000m, _margins.ForOrder(Sbin, ProductType.Intraday, 100, OrderSide.Sell, 300, 800m, Day));
        Assert.Equal(8_000m, _margins.ForOrder(Sbin, ProductType.Intraday, 100, OrderSide.Buy, 50, 800m, Day));
        // A fresh short sell needs margin like a buy does.
        Assert.Equal(16_000m, _margins.ForOrder(Sbin, ProductType.Intraday, 0, OrderSide.Sell, 100, 800m, Day));
    }
}

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class StopOrderRulesTests
{
    public static TheoryData<string, OrderSide, OrderType, decimal?, decimal, decimal?, string?> Cases => new()
    {
        { "buy stop above the market", OrderSide.Buy, OrderType.StopLossMarket, null, 810m, 800m, null },
        { "buy stop at the market", OrderSide.Buy, OrderType.StopLossMarket, null, 800m, 800m, "A buy stop's trigger ₹800.00 must be above the last price ₹800.00: at or below it, it would trigger at once." },
        { "buy stop below the market", OrderSide.Buy, OrderType.StopLossMarket, null, 790m, 800m, "A buy stop's trigger ₹790.00 must be above the last price ₹800.00: at or below it, it would trigger at once." },
        { "sell stop below the market", OrderSide.Sell, OrderType.StopLossLimit, 789m, 790m, 800m, null },
        { "sell stop above the market", OrderSide.Sell, OrderType.StopLossMarket, null, 805m, 800m, "A sell stop's trigger ₹805.00 must be below the last price ₹800.00: at or above it, it would trigger at once." },
        { "sell SL limit above its trigger", OrderSide.Sell, OrderType.StopLossLimit, 791m, 790m, 800m, "A sell stop-loss limit's price ₹791.00 must be at or below its trigger ₹790.00." },
        { "buy SL limit below its trigger", OrderSide.Buy, OrderType.StopLossLimit, 809m, 810m, 800m, "A buy stop-loss limit's price ₹809.00 must be at or above its trigger ₹810.00." },
        { "no last price: only the limit side is checked", OrderSide.Buy, OrderType.StopLossMarket, null, 790m, null, null },
        { "not a stop", OrderSide.Buy, OrderType.Limit, 790m, 0m, 800m, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stops_sit_on_the_right_side(string name, OrderSide side, OrderType type, decimal? price, decimal trigger, decimal? lastPrice, string? expected) =>
        Assert.True(expected == StopOrderRules.Problem(side, type, price, type.UsesTrigger() ? trigger : null, lastPrice),
            $"{name}: got {StopOrderRules.Problem(side, type, price, type.UsesTrigger() ? trigger : null, lastPrice)}");
}

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class HoldingsMathTests
{
    // NSE 2026: Friday 25 December is a holiday, so a buy on Thursday 24 December settles on Monday 28 December.
    private static DateOnly Settlement(DateOnly day) => day switch
    {
        { DayOfWeek: DayOfWeek.Thursday } when day == new DateOnly(2026, 12, 24) => new DateOnly(2026, 12, 28),
        { DayOfWeek: DayOfWeek.Friday } => day.AddDays(3),
        _ => day.AddDays(1),
    };

    private static readonly DeliveryFill[] BoughtBeforeChristmas = [new(new(2026, 12, 24), OrderSide.Buy, 10, 1500m)];

    [Theory]
    [InlineData("2026-12-24", 0, 0)]  // the buy day: a position, not a holding
    [InlineData("2026-12-26", 0, 10)] // a weekend after the holiday: held, not settled
    [InlineData("2026-12-28", 0, 10)] // the settlement day (T+1 across the holiday): still T1
    [InlineData("2026-12-29", 10, 0)] // settled
    public void A_delivery_buy_settles_on_the_next_trading_day(string today, int settled, int t1)
    {
        var held = HoldingsMath.Hold(BoughtBeforeChristmas, DateOnly.Parse(today), Settlement);
        Assert.Equal((settled, t1), (held.Settled, held.T1));
    }

    [Fact]
    public void The_market_calendar_settles_across_the_christmas_holiday_and_the_weekend()
    {
        var calendar = new MarketCalendar(Microsoft.Extensions.Options.Options.Create(new MarketCalendarOptions { Holidays = [new DateOnly(2026, 12, 25)] }),
            TimeProvider.System);
        Assert.Equal(new DateOnly(2026, 12, 28), calendar.NextTradingDay(Exchange.NSE, new DateOnly(2026, 12, 24)));
        Assert.Equal(new DateOnly(2026, 12, 3), calendar.NextTradingDay(Exchange.NSE, new DateOnly(2026, 12, 2)));
        var held = HoldingsMath.Hold(BoughtBeforeChristmas, new DateOnly(2026, 12, 28), d => calendar.NextTradingDay(Exchange.NSE, d));
        Assert.Equal((0, 10), (held.Settled, held.T1));
        Assert.Equal(10, HoldingsMath.Hold(BoughtBeforeChristmas, new DateOnly(2026, 12, 29), d => calendar.NextTradingDay(Exchange.NSE, d)).Settled);
    }

    [Fact]
    public void A_days_buys_and_sells_net_first_and_sells_take_the_oldest_shares()
    {
        // 10 @ 100 on 1 Dec, 10 @ 120 on 2 Dec; on 3 Dec buy 5 @ 130 and sell 12: net sell 7 from the oldest lot.
        // Left: 3 @ 100 and 10 @ 120 → average (300 + 1,200) / 13 = 115.3846.
        DeliveryFill[] fills =
        [
            new(new(2026, 12, 1), OrderSide.Buy, 10, 100m), new(new(2026, 12, 2), OrderSide.Buy, 10, 120m),
            new(new(2026, 12, 3), OrderSide.Buy, 5, 130m), new(new(2026, 12, 3), OrderSide.Sell, 12, 125m),
        ];
        var held = HoldingsMath.Hold(fills, new DateOnly(2026, 12, 7), Settlement);
        Assert.Equal((13, 0, 115.3846m), (held.Settled, held.T1, held.AverageCost));
    }

    [Fact]
    public void Delivery_short_sells_are_refused_with_what_is_held()
    {
        Assert.Equal("Delivery short sell is not allowed: you hold no SBIN-EQ. Sell intraday (MIS) to go short.", PaperRules.DeliveryShortSell("SBIN-EQ", 10, 0));
        Assert.Equal("Delivery sell of 10 SBIN-EQ is more than the 4 you hold. Sell at most 4, or sell intraday (MIS) to go short.", PaperRules.DeliveryShortSell("SBIN-EQ", 10, 4));
        Assert.Null(PaperRules.DeliveryShortSell("SBIN-EQ", 4, 4));
    }
}

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class PriceProtectionTests
{
    private static readonly DateOnly Day = new(2026, 12, 2);
    private readonly PriceProtection _protection = MarketRates.PriceProtection();

    private static Instrument Of(Exchange exchange, string type, decimal tick = 0.05m) =>
        new() { Exchange = exchange, InstrumentType = type, TradingSymbol = "X", SymbolToken = "1", TickSize = tick };

    public static TheoryData<string, Exchange, string, OrderSide, decimal, decimal, decimal> Cases => new()
    {
        // Angel One's buffers: cash 0.5%: 800 × 1.005 = 804.00; a sell 800 × 0.995 = 796.00.
        { "cash buy", Exchange.NSE, "EQ", OrderSide.Buy, 800m, 0.5m, 804.00m },
        { "cash sell", Exchange.NSE, "EQ", OrderSide.Sell, 800m, 0.5m, 796.00m },
        // 812.40 × 1.005 = 816.462, down to the tick (never beyond the buffer): 816.45.
        { "cash buy on the tick", Exchange.NSE, "EQ", OrderSide.Buy, 812.40m, 0.5m, 816.45m },
        { "stock future", Exchange.NFO, "FUTSTK", OrderSide.Buy, 800m, 1m, 808.00m },
        { "index future", Exchange.NFO, "FUTIDX", OrderSide.Sell, 24000m, 0.5m, 23880.00m },
        // Index options by premium: under ₹10 20%, ₹10–20 10%, ₹20–50 5%, above 2.5%.
        { "index option ₹8", Exchange.NFO, "OPTIDX", OrderSide.Buy, 8m, 20m, 9.60m },
        { "index option ₹15", Exchange.NFO, "OPTIDX", OrderSide.Buy, 15m, 10m, 16.50m },
        { "index option ₹40", Exchange.NFO, "OPTIDX", OrderSide.Buy, 40m, 5m, 42.00m },
        { "index option ₹120", Exchange.NFO, "OPTIDX", OrderSide.Buy, 120m, 2.5m, 123.00m },
        // Stock options twice that: ₹8 → 40%.
        { "stock option ₹8", Exchange.NFO, "OPTSTK", OrderSide.Sell, 8m, 40m, 4.80m },
        { "commodity future", Exchange.MCX, "FUTCOM", OrderSide.Buy, 6000m, 1m, 6060.00m },
        { "commodity option ₹30", Exchange.MCX, "OPTFUT", OrderSide.Buy, 30m, 5m, 31.50m },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Market_orders_become_limits_at_the_brokers_buffer(string name, Exchange exchange, string type, OrderSide side, decimal ltp, decimal percent, decimal limit)
    {
        var p = _protection.Protect(Of(exchange, type), ProductType.Intraday, side, ltp, Day);
        Assert.True((percent, limit) == (p.Percent, p.LimitPrice), $"{name}: got {p.Percent}% → {p.LimitPrice}");
    }

    [Fact]
    public void Prices_outside_the_band_are_refused_with_the_band_and_a_protected_limit_stays_inside_it()
    {
        // Equity band 20% around the previous close 800: 640.00 – 960.00.
        var band = _protection.Band(Of(Exchange.NSE, "EQ"), ProductType.Intraday, 800m, Day);
        Assert.Equal((640.00m, 960.00m), (band!.Low, band.High));
        Assert.Equal("Price ₹961.00 is outside today's price band ₹640.00 – ₹960.00 (20% around the previous close ₹800.00).",
            PriceProtection.OutsideBand(band, 961m, null));
        Assert.Equal("Trigger price ₹630.00 is outside today's price band ₹640.00 – ₹960.00 (20% around the previous close ₹800.00).",
            PriceProtection.OutsideBand(band, null, 630m));
        Assert.Null(PriceProtection.OutsideBand(band, 960m, 640m));
        // At the upper band (LTP 958), a buy's 0.5% buffer would be 962.75: it goes at the band, 960.00.
        Assert.Equal(960.00m, _protection.MarketLimit(Of(Exchange.NSE, "EQ"), ProductType.Intraday, OrderSide.Buy, 958m, 800m, Day).LimitPrice);
        // Options have no fixed band.
        Assert.Null(_protection.Band(Of(Exchange.NFO, "OPTIDX"), ProductType.Intraday, 120m, Day));
    }
}
