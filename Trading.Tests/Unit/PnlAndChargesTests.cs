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
