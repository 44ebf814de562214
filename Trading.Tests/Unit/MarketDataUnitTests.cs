using System.Buffers.Binary;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Trading.Data.Entities;
using Trading.Tests.Integration;
using Trading.Tests.Support;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Broker.AngelOne;
using Trading.Web.Features.Broker.Paper;
using Trading.Web.Features.MarketData;

namespace Trading.Tests.Unit;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class SmartStreamPacketTests
{
    [Fact]
    public void An_ltp_packet_parses_to_the_documented_fields()
    {
        var packet = SmartStreamFeedTests.LtpPacket(1, "2885", 250_075, 1_795_000_000_000);

        Assert.True(SmartStreamPacket.TryParse(packet, out var tick));
        Assert.Equal((1, 1, "2885", 42L, 1_795_000_000_000L, 250_075L, false), (tick.Mode, tick.ExchangeType, tick.Token, tick.SequenceNumber, tick.ExchangeTimestampMs, tick.LastPrice, tick.HasQuote));
    }

    [Fact]
    public void A_quote_packet_parses_volume_ohlc_and_buy_sell_totals()
    {
        var packet = SmartStreamFeedTests.QuotePacket(5, "450001", 712_300, 3, 4_500, 710_000, 715_000, 705_000, 708_800);

        Assert.True(SmartStreamPacket.TryParse(packet, out var tick));
        Assert.Equal((3L, 712_300L, 4_500L, 1000.0, 900.0), (tick.LastTradedQuantity, tick.AveragePrice, tick.Volume, tick.TotalBuyQuantity, tick.TotalSellQuantity));
        Assert.Equal((710_000L, 715_000L, 705_000L, 708_800L), (tick.Open, tick.High, tick.Low, tick.Close));
        Assert.Equal(Exchange.MCX, SmartStreamPacket.ToExchange(tick.ExchangeType));
    }

    [Fact]
    public void Truncated_or_unknown_packets_are_rejected()
    {
        var quote = SmartStreamFeedTests.QuotePacket(1, "2885", 1, 1, 1, 1, 1, 1, 1);
        Assert.False(SmartStreamPacket.TryParse(quote.AsSpan(0, 100), out _)); // says Quote, is shorter
        Assert.False(SmartStreamPacket.TryParse(quote.AsSpan(0, 50), out _));
        var unknownMode = (byte[])quote.Clone();
        unknownMode[0] = 9;
        Assert.False(SmartStreamPacket.TryParse(unknownMode, out _));
        var noToken = SmartStreamFeedTests.LtpPacket(1, "", 1, 1);
        Assert.False(SmartStreamPacket.TryParse(noToken, out _));
    }

    [Fact]
    public void Snapquote_packets_parse_their_quote_part_and_tokens_with_letters_survive()
    {
        var packet = new byte[SmartStreamPacket.SnapQuoteLength];
        SmartStreamFeedTests.QuotePacket(13, "USDINR26DEC", 8_345_000_000, 1, 1, 1, 1, 1, 1).CopyTo(packet, 0);
        packet[0] = 3;
        BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(347), 123);

        Assert.True(SmartStreamPacket.TryParse(packet, out var tick));
        Assert.Equal("USDINR26DEC", tick.Token);
        Assert.Equal(834.5m, tick.LastPrice / SmartStreamPacket.Divisor(tick.ExchangeType)); // CDS prices are in 10^-7 rupees
        Assert.Equal(100m, SmartStreamPacket.Divisor(1));
    }
}

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class PaperFillRulesTests
{
    [Theory]
    // type, side, limit, trigger, already triggered, arriving in the book, ltp, expected fill (null = no fill); slippage 0.1%, tick 0.05
    [InlineData(OrderType.Market, OrderSide.Buy, null, null, false, true, 100.00, 100.10)]
    [InlineData(OrderType.Market, OrderSide.Sell, null, null, false, true, 100.00, 99.90)]
    [InlineData(OrderType.Limit, OrderSide.Buy, 99.50, null, false, true, 100.00, null)]
    // Marketable on arrival: the market with slippage (99.25 × 1.001 = 99.349 → 99.35), never beyond the limit.
    [InlineData(OrderType.Limit, OrderSide.Buy, 99.50, null, false, true, 99.25, 99.35)]
    [InlineData(OrderType.Limit, OrderSide.Buy, 99.30, null, false, true, 99.25, 99.30)]
    // Resting when the price comes through it: its own price, as price-time priority gives it.
    [InlineData(OrderType.Limit, OrderSide.Buy, 99.50, null, false, false, 99.25, 99.50)]
    [InlineData(OrderType.Limit, OrderSide.Sell, 101.00, null, false, true, 100.95, null)]
    [InlineData(OrderType.Limit, OrderSide.Sell, 101.00, null, false, true, 101.40, 101.25)] // 101.40 × 0.999 = 101.299 → 101.25
    [InlineData(OrderType.Limit, OrderSide.Sell, 101.00, null, false, false, 101.40, 101.00)]
    [InlineData(OrderType.StopLossMarket, OrderSide.Sell, null, 98.00, false, false, 98.50, null)]
    [InlineData(OrderType.StopLossMarket, OrderSide.Sell, null, 98.00, false, false, 98.00, 97.90)]
    [InlineData(OrderType.StopLossMarket, OrderSide.Buy, null, 102.00, false, false, 102.05, 102.20)] // 102.152 rounded up to the tick
    [InlineData(OrderType.StopLossLimit, OrderSide.Buy, 102.50, 102.00, false, false, 101.95, null)]
    // Triggered now: the SL arrives as a limit (102.20 × 1.001 = 102.302 → 102.35, under its 102.50 limit).
    [InlineData(OrderType.StopLossLimit, OrderSide.Buy, 102.50, 102.00, false, false, 102.20, 102.35)]
    [InlineData(OrderType.StopLossLimit, OrderSide.Buy, 102.50, 102.00, false, false, 103.00, null)]
    // Triggered earlier and resting: its limit.
    [InlineData(OrderType.StopLossLimit, OrderSide.Buy, 102.50, 102.00, true, false, 102.40, 102.50)]
    public void Fills_follow_the_order_type(OrderType type, OrderSide side, double? limit, double? trigger, bool triggered, bool arriving, double ltp, double? expected)
    {
        var fill = PaperFillRules.FillPrice(type, side, (decimal?)limit, (decimal?)trigger, triggered, (decimal)ltp, 0.05m, slippagePercent: 0.1m, arriving);
        Assert.Equal((decimal?)expected, fill);
    }
}

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class CandleAggregatorTests
{
    private static readonly InstrumentKey Key = new(Exchange.NSE, "2885");
    private static readonly DateTime T0 = new(2026, 11, 27, 4, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Ticks_of_one_minute_make_one_bar_that_closes_on_the_next_minutes_tick()
    {
        var aggregator = new CandleAggregator();
        var closed = new List<Candle>();
        aggregator.BarClosed += closed.Add;

        aggregator.Add(new Tick(Key, 100.00m, T0.AddSeconds(1), 10, 1_000));
        aggregator.Add(new Tick(Key, 101.50m, T0.AddSeconds(20), 5, 1_005));
        aggregator.Add(new Tick(Key, 99.80m, T0.AddSeconds(40), 20, 1_025));
        aggregator.Add(new Tick(Key, 100.40m, T0.AddSeconds(59), 15, 1_040));
        Assert.Empty(closed);
        aggregator.Add(new Tick(Key, 100.60m, T0.AddSeconds(61), 7, 1_047));

        var bar = Assert.Single(closed);
        Assert.Equal((T0, 100.00m, 101.50m, 99.80m, 100.40m, 50L, CandleInterval.OneMinute), (bar.Time, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume, bar.Interval));
        Assert.True(aggregator.Closed.TryRead(out var queued));
        Assert.Same(bar, queued);

        aggregator.Add(new Tick(Key, 90m, T0.AddSeconds(30))); // late tick of a closed minute: ignored
        Assert.Equal(1, aggregator.CloseElapsed(T0.AddMinutes(2).AddSeconds(1)));
        Assert.Equal((T0.AddMinutes(1), 100.60m, 100.60m, 7L), (closed[1].Time, closed[1].Open, closed[1].Close, closed[1].Volume));
    }

    [Fact]
    public void Without_day_volume_a_bar_sums_traded_quantities()
    {
        var aggregator = new CandleAggregator();
        aggregator.Add(new Tick(Key, 10m, T0, 3));
        aggregator.Add(new Tick(Key, 11m, T0.AddSeconds(5), 4));
        aggregator.CloseElapsed(T0.AddMinutes(1));
        Assert.True(aggregator.Closed.TryRead(out var bar));
        Assert.Equal(7, bar!.Volume);
    }
}

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class MarketCalendarTests
{
    private static MarketCalendar Calendar() => new(Options.Create(new MarketCalendarOptions
    {
        Holidays = [new DateOnly(2026, 11, 24)],
        CommodityHolidays = [],
    }), TimeProvider.System);

    [Theory]
    [InlineData("2026-11-27T09:14:59+05:30", Exchange.NSE, false)]
    [InlineData("2026-11-27T09:15:00+05:30", Exchange.NSE, true)]
    [InlineData("2026-11-27T15:29:59+05:30", Exchange.NFO, true)]
    [InlineData("2026-11-27T15:30:00+05:30", Exchange.BSE, false)]
    [InlineData("2026-11-27T20:00:00+05:30", Exchange.MCX, true)]
    [InlineData("2026-11-27T23:30:00+05:30", Exchange.MCX, false)]
    [InlineData("2026-11-28T10:00:00+05:30", Exchange.NSE, false)] // Saturday
    [InlineData("2026-11-24T10:00:00+05:30", Exchange.NSE, false)] // holiday
    [InlineData("2026-11-24T18:00:00+05:30", Exchange.MCX, true)]  // MCX keeps its session
    public void Sessions_follow_IST_hours_weekends_and_holidays(string at, Exchange exchange, bool open) =>
        Assert.Equal(open, Calendar().IsOpen(exchange, DateTimeOffset.Parse(at)));

    [Fact]
    public void The_next_open_skips_weekends_and_holidays()
    {
        var calendar = Calendar();
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T09:15:00+05:30"), calendar.NextOpen(Exchange.NSE, DateTimeOffset.Parse("2026-11-27T16:00:00+05:30")));
        Assert.Equal(DateTimeOffset.Parse("2026-11-25T09:15:00+05:30"), calendar.NextOpen(Exchange.NSE, DateTimeOffset.Parse("2026-11-23T17:00:00+05:30")));
        var now = DateTimeOffset.Parse("2026-11-27T10:00:00+05:30");
        Assert.Equal(now, calendar.NextOpen(Exchange.NSE, now));
    }
}

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class AngelOneProtocolTests
{
    [Fact]
    public void Both_reply_envelopes_are_understood()
    {
        var ok = AngelOneClient.Interpret(HttpStatusCode.OK, """{"status":true,"message":"SUCCESS","errorcode":"","data":{"net":"12.5"}}""");
        Assert.Equal(12.5m, ok.Data.Dec("net"));

        var failed = Assert.Throws<BrokerException>(() => AngelOneClient.Interpret(HttpStatusCode.OK, """{"status":false,"message":"Invalid","errorcode":"AB1012","data":null}"""));
        Assert.Equal(("AB1012", "Invalid product type. (AB1012)"), (failed.ErrorCode, failed.Message));

        var gateway = Assert.Throws<BrokerException>(() => AngelOneClient.Interpret(HttpStatusCode.Unauthorized, """{"success":false,"message":"Invalid Token","errorCode":"AG8001","data":""}"""));
        Assert.Equal((BrokerErrorKind.Authentication, "AG8001"), (gateway.Kind, gateway.ErrorCode));

        var limited = Assert.Throws<BrokerException>(() => AngelOneClient.Interpret(HttpStatusCode.Forbidden, "Access denied because of exceeding access rate"));
        Assert.Equal(BrokerErrorKind.RateLimited, limited.Kind);

        var garbage = Assert.Throws<BrokerException>(() => AngelOneClient.Interpret(HttpStatusCode.BadGateway, "<html>502</html>"));
        Assert.Equal(BrokerErrorKind.Unavailable, garbage.Kind);
        Assert.DoesNotContain("<html>", garbage.Message);
    }

    [Fact]
    public void The_jwt_exp_claim_gives_the_token_expiry()
    {
        Assert.Equal(new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc), AngelOneSessions.JwtExpiry(FakeSmartApi.Jwt));
        Assert.Null(AngelOneSessions.JwtExpiry("not-a-jwt"));
        Assert.Null(AngelOneSessions.JwtExpiry("a.!!!.c"));
    }

    [Theory]
    [InlineData("complete", BrokerOrderStatus.Complete)]
    [InlineData("trigger pending", BrokerOrderStatus.TriggerPending)]
    [InlineData("Open", BrokerOrderStatus.Open)]
    [InlineData("after market order req received", BrokerOrderStatus.Open)]
    [InlineData("open pending", BrokerOrderStatus.Pending)]
    [InlineData("cancelled after market order", BrokerOrderStatus.Cancelled)]
    [InlineData("rejected", BrokerOrderStatus.Rejected)]
    [InlineData("something new", BrokerOrderStatus.Unknown)]
    public void Order_statuses_map_and_unknown_ones_stay_unknown(string status, BrokerOrderStatus expected) =>
        Assert.Equal(expected, AngelOneMapping.Status(status));

    [Fact]
    public void Master_rows_convert_paise_and_dates()
    {
        var row = new InstrumentMasterRow { Token = "35101", Symbol = "NIFTY29DEC2626000CE", Name = "NIFTY", Expiry = "29DEC2026", Strike = "2600000.000000", LotSize = "75", InstrumentType = "OPTIDX", ExchangeSegment = "NFO", TickSize = "5.000000" };
        var instrument = row.ToInstrument(DateTime.UtcNow)!;
        Assert.Equal((26000m, 0.05m, 75, new DateOnly(2026, 12, 29), true), (instrument.Strike!.Value, instrument.TickSize, instrument.LotSize, instrument.Expiry!.Value, instrument.IsTradable));
        Assert.Null(new InstrumentMasterRow { Token = "1", Symbol = "X", ExchangeSegment = "nse_cm" }.ToInstrument(DateTime.UtcNow));
    }

    [Fact]
    public void Broker_account_input_is_validated_field_by_field()
    {
        var errors = BrokerAccountService.Validate(new AngelOneAccountInput { Label = "", ClientCode = "A 1", ApiKey = "k", Pin = "12", TotpSecret = "not base32!", StaticIp = "999.1.1.1" }, isNew: true);
        Assert.Equal(["ApiKey", "ClientCode", "Label", "Pin", "StaticIp", "TotpSecret"], errors.Keys.Order());
        Assert.Empty(BrokerAccountService.Validate(new AngelOneAccountInput { Label = "Main", ClientCode = "A123456", ApiKey = "abcdef123", Pin = "1234", TotpSecret = "JBSW Y3DP EHPK 3PXP", StaticIp = "203.0.113.10" }, isNew: true));
        Assert.Empty(BrokerAccountService.Validate(new AngelOneAccountInput { Label = "Main", ClientCode = "A123456" }, isNew: false)); // blanks keep stored secrets
    }
}
