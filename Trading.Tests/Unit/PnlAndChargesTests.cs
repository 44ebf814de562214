using Microsoft.Extensions.Options;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Positions;

namespace Trading.Tests.Unit;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class PositionMathTests
{
    public static TheoryData<string, (OrderSide Side, int Qty, decimal Price)[], int, decimal, decimal> Examples => new()
    {
        // Adds move the average: (10×100 + 10×110) / 20 = 105. Sell 15 @ 120 realizes 15 × 15 = 225, leaving 5 @ 105.
        // Sell 10 @ 90 closes those 5 (5 × −15 = −75, total 150) and opens 5 short at 90.
        { "adds, partial close, flip to short", [(OrderSide.Buy, 10, 100m), (OrderSide.Buy, 10, 110m), (OrderSide.Sell, 15, 120m), (OrderSide.Sell, 10, 90m)], -5, 90m, 150m },
        { "round trip", [(OrderSide.Buy, 5, 200m), (OrderSide.Sell, 5, 210m)], 0, 0m, 50m },
        // Short 10 @ 50; cover 4 @ 45 earns 4 × 5 = 20; cover 6 @ 55 loses 6 × 5 = 30: −10 in all.
        { "short covered in two", [(OrderSide.Sell, 10, 50m), (OrderSide.Buy, 4, 45m), (OrderSide.Buy, 6, 55m)], 0, 0m, -10m },
        // (1×100 + 2×103 + 3×106) / 6 = 624 / 6 = 104; selling all at 104 realizes nothing.
        { "many fills", [(OrderSide.Buy, 1, 100m), (OrderSide.Buy, 2, 103m), (OrderSide.Buy, 3, 106m), (OrderSide.Sell, 6, 104m)], 0, 0m, 0m },
        // Long 3 @ 10, sell 8 @ 12: +6 realized, short 5 @ 12; buy 5 @ 11: +5 more.
        { "flip from long to short and back to flat", [(OrderSide.Buy, 3, 10m), (OrderSide.Sell, 8, 12m), (OrderSide.Buy, 5, 11m)], 0, 0m, 11m },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Worked_examples(string name, (OrderSide Side, int Qty, decimal Price)[] fills, int net, decimal average, decimal realized)
    {
        var state = PositionState.Flat;
        foreach (var (side, quantity, price) in fills)
        {
            state = PositionMath.Apply(state, side, quantity, price).State;
        }
        Assert.True((net, average, realized) == (state.NetQuantity, state.AveragePrice, state.RealizedPnl),
            $"{name}: expected {net} @ {average}, realized {realized}; got {state.NetQuantity} @ {state.AveragePrice}, realized {state.RealizedPnl}");
    }

    [Fact]
    public void A_flip_reports_the_closed_part_and_unrealized_follows_the_sign()
    {
        var outcome = PositionMath.Apply(new PositionState(5, 105m, 225m), OrderSide.Sell, 10, 90m);
        Assert.Equal((5, true, -75m), (outcome.ClosedQuantity, outcome.Flipped, outcome.RealizedDelta));
        Assert.Equal(-25m, PositionMath.Unrealized(-5, 90m, 95m)); // short 5 @ 90, price 95: −25
        Assert.Equal(50m, PositionMath.Unrealized(10, 100m, 105m));
    }
}

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class ChargeCalculatorTests
{
    private readonly ChargeCalculator _calculator = new(Options.Create(new ChargeRates()));

    [Fact]
    public void Equity_delivery_buy_of_50000()
    {
        // brokerage min(₹20, 0.1% = ₹50) = 20; STT 0.1% = 50; exchange 0.00297% = 1.485 → 1.49; SEBI ₹10/crore = 0.05;
        // stamp 0.015% = 7.50; GST 18% of (20 + 1.485 + 0.05) = 3.8763 → 3.88. Total 82.92.
        var c = _calculator.Calculate(ChargeSegment.EquityDelivery, OrderSide.Buy, 100, 500m);
        Assert.Equal(new ChargeBreakdown(20m, 50m, 1.49m, 0.05m, 7.50m, 3.88m), c);
        Assert.Equal(82.92m, c.Total);
    }

    [Fact]
    public void Intraday_sell_of_1200_pays_percentage_brokerage_and_no_stamp_duty()
    {
        // brokerage min(20, 0.03% = 0.36); STT 0.025% = 0.30; exchange 0.03564 → 0.04; SEBI 0.0012 → 0.00; GST 18% of 0.39684 = 0.0714 → 0.07.
        var c = _calculator.Calculate(ChargeSegment.EquityIntraday, OrderSide.Sell, 10, 120m);
        Assert.Equal(new ChargeBreakdown(0.36m, 0.30m, 0.04m, 0.00m, 0m, 0.07m), c);
        Assert.Equal(0.77m, c.Total);
    }

    [Fact]
    public void Options_buy_pays_flat_brokerage_and_no_stt()
    {
        // 75 × ₹100 premium = 7,500: brokerage ₹20 flat; exchange 0.03503% = 2.62725 → 2.63; SEBI 0.0075 → 0.01;
        // stamp 0.003% = 0.225 → 0.23; GST 18% of 22.63475 = 4.07. Total 26.94.
        var c = _calculator.Calculate(ChargeSegment.Options, OrderSide.Buy, 75, 100m);
        Assert.Equal(new ChargeBreakdown(20m, 0m, 2.63m, 0.01m, 0.23m, 4.07m), c);
        Assert.Equal(26.94m, c.Total);
    }

    [Theory]
    [InlineData(Exchange.NSE, "", ProductType.Delivery, ChargeSegment.EquityDelivery)]
    [InlineData(Exchange.BSE, "", ProductType.Intraday, ChargeSegment.EquityIntraday)]
    [InlineData(Exchange.NFO, "FUTIDX", ProductType.CarryForward, ChargeSegment.Futures)]
    [InlineData(Exchange.NFO, "OPTIDX", ProductType.Intraday, ChargeSegment.Options)]
    [InlineData(Exchange.MCX, "FUTCOM", ProductType.CarryForward, ChargeSegment.CommodityFutures)]
    [InlineData(Exchange.MCX, "OPTFUT", ProductType.CarryForward, ChargeSegment.CommodityOptions)]
    public void Segments_follow_exchange_instrument_and_product(Exchange exchange, string type, ProductType product, ChargeSegment expected) =>
        Assert.Equal(expected, ChargeRates.SegmentOf(exchange, type, product));
}
