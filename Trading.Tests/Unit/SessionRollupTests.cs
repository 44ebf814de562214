using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Sessions;

namespace Trading.Tests.Unit;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class SessionRollupTests
{
    [Fact]
    public void A_days_updates_give_its_closing_capital_success_rate_and_the_largest_fall_from_its_peak()
    {
        var day = new TradingSession();
        // Opening 1,00,000 + 5,000 in − 2,000 out; realized 1,200, unrealized −300, charges 80 → net 820; 3 of 4 orders filled.
        SessionRollup.Apply(day, new SessionInputs(100_000m, 5_000m, 2_000m, 1_200m, -300m, 80m, 4, 3, 1, 0, 2, 1));
        Assert.Equal((820m, 103_820m, 75m, 820m, 0m), (day.NetPnl, day.ClosingCapital, day.SuccessRate, day.PeakNetPnl, day.MaxDrawdown));
        // Later: net falls to −180 (a fall of 1,000 from the 820 peak), then recovers to 500: the largest fall stays 1,000.
        SessionRollup.Apply(day, new SessionInputs(100_000m, 5_000m, 2_000m, 1_200m, -1_300m, 80m, 4, 3, 1, 0, 2, 1));
        SessionRollup.Apply(day, new SessionInputs(100_000m, 5_000m, 2_000m, 1_200m, -620m, 80m, 5, 3, 1, 1, 2, 1));
        Assert.Equal((500m, 103_500m, 60m, 820m, 1_000m), (day.NetPnl, day.ClosingCapital, day.SuccessRate, day.PeakNetPnl, day.MaxDrawdown));
        Assert.Equal((5, 3, 1, 1, 2, 1), (day.OrdersPlaced, day.OrdersFilled, day.OrdersRejected, day.OrdersCancelled, day.RuleBreaches, day.StrategiesActive));

        var quiet = new TradingSession();
        SessionRollup.Apply(quiet, new SessionInputs(50_000m, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        Assert.Equal((0m, 50_000m, 0m), (quiet.NetPnl, quiet.ClosingCapital, quiet.SuccessRate)); // no order placed: 0%, not a division by zero
        // A day that only lost: the peak is the day's start (0).
        var losing = new TradingSession();
        SessionRollup.Apply(losing, new SessionInputs(50_000m, 0, 0, -400m, 0, 20m, 1, 1, 0, 0, 0, 0));
        Assert.Equal((-420m, 0m, 420m), (losing.NetPnl, losing.PeakNetPnl, losing.MaxDrawdown));
    }
}
