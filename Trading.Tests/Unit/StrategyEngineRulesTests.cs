using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Strategies;
using Trading.Web.Features.Strategies.Engine;
using Trading.Web.Features.Strategies.Marketplace;

namespace Trading.Tests.Unit;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class StrategyEngineRulesTests
{
    public static TheoryData<Signal, StrategyPosition, int, int, bool, OrderSide?, int, bool, StrategyPosition> Plans => new()
    {
        // signal, side held, filled (signed), account holds, working → order side, quantity, cancel working, side after
        { Signal.EnterLong, StrategyPosition.Flat, 0, 0, false, OrderSide.Buy, 50, false, StrategyPosition.Long },
        { Signal.EnterShort, StrategyPosition.Flat, 0, 0, false, OrderSide.Sell, 50, false, StrategyPosition.Short },
        { Signal.EnterLong, StrategyPosition.Flat, 0, 0, true, null, 0, false, StrategyPosition.Flat },      // an earlier order still works
        { Signal.Exit, StrategyPosition.Long, 50, 50, false, OrderSide.Sell, 50, false, StrategyPosition.Flat },
        { Signal.Exit, StrategyPosition.Short, -50, -50, false, OrderSide.Buy, 50, false, StrategyPosition.Flat },
        { Signal.Exit, StrategyPosition.Long, 30, 30, true, OrderSide.Sell, 30, true, StrategyPosition.Flat }, // partly filled entry: cancel the rest, sell what filled
        { Signal.Exit, StrategyPosition.Long, 0, 0, true, null, 0, true, StrategyPosition.Flat },             // nothing filled: cancel only
        { Signal.Exit, StrategyPosition.Long, 50, 0, false, null, 0, false, StrategyPosition.Flat },          // squared off outside the strategy
        { Signal.Exit, StrategyPosition.Long, 50, 20, false, OrderSide.Sell, 20, false, StrategyPosition.Flat }, // only 20 left in the account
        { Signal.EnterLong, StrategyPosition.Long, 50, 50, false, null, 0, false, StrategyPosition.Long },    // not a signal for this side
    };

    [Theory, MemberData(nameof(Plans))]
    public void What_the_engine_does_about_a_signal(Signal signal, StrategyPosition held, int net, int atBroker, bool working,
        OrderSide? side, int quantity, bool cancel, StrategyPosition after)
    {
        var plan = SignalPlan.For(signal, held, net, atBroker, entryQuantity: 50, working);
        Assert.Equal((side, quantity, cancel, after), (plan.SendsOrder ? plan.Side : null, plan.Quantity, plan.CancelWorking, plan.Position));
    }

    [Fact]
    public void The_client_order_id_depends_on_activation_bar_and_signal_only()
    {
        var activation = Guid.Parse("0193b5a0-0000-7000-8000-000000000001");
        var bar = new DateTime(2026, 12, 1, 4, 0, 0, DateTimeKind.Utc);
        var id = StrategyClientIds.For(activation, Exchange.NSE, "2885", bar, Signal.EnterLong);
        Assert.Equal(id, StrategyClientIds.For(activation, Exchange.NSE, "2885", bar, Signal.EnterLong));
        Assert.NotEqual(id, StrategyClientIds.For(activation, Exchange.NSE, "2885", bar.AddMinutes(1), Signal.EnterLong));
        Assert.NotEqual(id, StrategyClientIds.For(activation, Exchange.NSE, "2885", bar, Signal.Exit));
        Assert.NotEqual(id, StrategyClientIds.For(Guid.NewGuid(), Exchange.NSE, "2885", bar, Signal.EnterLong));
        Assert.True(id.Length <= 64 && id.StartsWith("sg", StringComparison.Ordinal));
    }

    [Fact]
    public void A_runner_acts_only_after_its_warm_up_and_never_on_a_bar_twice()
    {
        var runner = new StrategyRunner(new ScriptedStrategy(new() { [0] = Signal.EnterLong, [2] = Signal.EnterLong, [3] = Signal.Exit }, warmUp: 3));
        var t = new DateTime(2026, 12, 1, 4, 0, 0, DateTimeKind.Utc);
        Bar At(int i) => new(t.AddMinutes(i), 1, 1, 1, 1, 1);
        Assert.Equal(Signal.None, runner.Feed(At(0), StrategyPosition.Flat)); // bar 1 of 3: warming up
        Assert.False(runner.Ready);
        Assert.Equal(Signal.None, runner.Feed(At(1), StrategyPosition.Flat));
        Assert.Equal(Signal.EnterLong, runner.Feed(At(2), StrategyPosition.Flat)); // third bar: ready
        Assert.True(runner.Ready);
        Assert.Equal(Signal.None, runner.Feed(At(2), StrategyPosition.Long)); // the same bar again is ignored
        Assert.Equal(Signal.Exit, runner.Feed(At(3), StrategyPosition.Long));
    }

    [Fact]
    public void Sizes_are_whole_lots()
    {
        Assert.Equal(150, LotSizing.Quantity(2, 75));
        Assert.Equal("Lots must be at least 1.", LotSizing.CheckLots(0));
        Assert.Null(LotSizing.CheckLots(3));
        Assert.Equal("NIFTY29DEC26FUT trades in lots of 75: 70 is not a whole number of lots (e.g. 75 or 150).", LotSizing.CheckQuantity(70, 75, "NIFTY29DEC26FUT"));
        Assert.Null(LotSizing.CheckQuantity(225, 75, "NIFTY29DEC26FUT"));
    }

    [Fact]
    public void An_entrys_ranges_narrow_the_strategy_and_may_not_widen_it()
    {
        var schema = BuiltInStrategies.Find("rsi-mean-reversion")!.Schema;
        var narrowed = ParameterRanges.Apply(schema, new Dictionary<string, ParameterRange> { ["period"] = new(5, 20, 7) });
        Assert.Equal((5m, 20m, 7m), (narrowed[0].Min, narrowed[0].Max, narrowed[0].Default));
        Assert.Equal(schema[1], narrowed[1]);

        var errors = ParameterRanges.Check(schema, new Dictionary<string, ParameterRange>
        {
            ["period"] = new(1, 20, 7), ["oversold"] = new(20, 30, 35), ["exit"] = new(40, 60, 45.25m), ["leverage"] = new(1, 2, 1),
        });
        Assert.Equal("RSI period: the range must stay inside 2–50.", errors["period"]);
        Assert.Equal("Oversold below: the default must be between 20 and 30.", errors["oversold"]);
        Assert.Equal("Exit at: values go in steps of 0.5 from 30.", errors["exit"]);
        Assert.Equal("leverage is not a parameter of this strategy.", errors["leverage"]);
        Assert.Empty(ParameterRanges.Check(schema, new Dictionary<string, ParameterRange> { ["period"] = new(5, 20, 7) }));
    }

    [Fact]
    public void Listing_states_move_one_way_and_only_published_takes_activations()
    {
        Assert.True(ListingRules.CanMove(StrategyListingStatus.Draft, StrategyListingStatus.Published));
        Assert.True(ListingRules.CanMove(StrategyListingStatus.Published, StrategyListingStatus.Suspended));
        Assert.True(ListingRules.CanMove(StrategyListingStatus.Suspended, StrategyListingStatus.Published));
        Assert.True(ListingRules.CanMove(StrategyListingStatus.Suspended, StrategyListingStatus.Retired));
        Assert.False(ListingRules.CanMove(StrategyListingStatus.Retired, StrategyListingStatus.Published));
        Assert.False(ListingRules.CanMove(StrategyListingStatus.Draft, StrategyListingStatus.Suspended));
        Assert.Equal([StrategyListingStatus.Published], ListingRules.NextFrom(StrategyListingStatus.Suspended).Take(1));
        Assert.Single(Enum.GetValues<StrategyListingStatus>(), ListingRules.TakesActivations);
    }

    [Fact]
    public void Round_trips_match_fills_first_in_first_out_with_their_charges()
    {
        var t = new DateTime(2026, 12, 1, 4, 0, 0, DateTimeKind.Utc);
        var summary = RoundTrips.Summarize(
        [
            new(t, "A", OrderSide.Buy, 10, 100m, 2m),
            new(t.AddMinutes(1), "A", OrderSide.Buy, 10, 110m, 2m),
            new(t.AddMinutes(2), "A", OrderSide.Sell, 15, 120m, 3m),
        ]);
        // 10 @100 → 120: +200, charges 2 + 10×0.2; 5 @110 → 120: +50, charges 5×0.2 + 5×0.2. 5 left open at 110.
        Assert.Equal(2, summary.Trips.Count);
        Assert.Equal((200m, 4m), (summary.Trips[0].Gross, summary.Trips[0].Charges));
        Assert.Equal((50m, 2m), (summary.Trips[1].Gross, summary.Trips[1].Charges));
        Assert.Equal((250m, 7m, 100m), (summary.Realized, summary.Charges, summary.WinRatePercent));
        Assert.Equal((5, 110m), summary.Open["A"]);
        Assert.Equal(25m, summary.Unrealized(new Dictionary<string, decimal> { ["A"] = 115m }));
    }

    [Fact]
    public void Replayed_signals_agree_by_bar_and_signal()
    {
        var t = new DateTime(2026, 12, 1, 4, 0, 0, DateTimeKind.Utc);
        var live = new List<(DateTime, Signal)> { (t, Signal.EnterLong), (t.AddMinutes(5), Signal.Exit), (t.AddMinutes(9), Signal.EnterShort) };
        var replay = new List<(DateTime, Signal)> { (t, Signal.EnterLong), (t.AddMinutes(5), Signal.Exit), (t.AddMinutes(10), Signal.EnterShort) };
        Assert.Equal((2, 4), StrategyDayReplay.Compare(live, replay));
        Assert.Equal((3, 3), StrategyDayReplay.Compare(live, live));
    }

    [Fact]
    public void Demo_history_is_the_same_every_time_on_the_tick_and_ends_where_the_feed_starts()
    {
        var days = new[] { new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 1) };
        var key = new InstrumentKey(Exchange.NSE, "2885");
        var a = DemoCandleHistory.Generate(key, 1_234.50m, 0.05m, days).ToList();
        var b = DemoCandleHistory.Generate(key, 1_234.50m, 0.05m, days).ToList();
        Assert.Equal(750, a.Count);
        Assert.Equal(a.Select(c => (c.Time, c.Open, c.High, c.Low, c.Close)), b.Select(c => (c.Time, c.Open, c.High, c.Low, c.Close)));
        Assert.Equal(1_234.50m, a[^1].Close);
        Assert.All(a, c => Assert.True(c.Low <= Math.Min(c.Open, c.Close) && c.High >= Math.Max(c.Open, c.Close) && c.Close % 0.05m == 0));
        // 09:15 IST is 03:45 UTC; the session's last bar starts 15:29 IST.
        Assert.Equal((new DateTime(2026, 11, 30, 3, 45, 0), new DateTime(2026, 12, 1, 9, 59, 0)), (a[0].Time, a[^1].Time));
    }
}
