using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;
using Trading.Web.Features.Risk;

namespace Trading.Tests.Integration;

/// <summary>The risk rules in the order pipeline and after fills, on a real database with the paper broker.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class RiskEngineTests
{
    private static readonly InstrumentKey Sbin = new(Exchange.NSE, "3045");

    private static async Task<(ProviderApp App, Guid UserId)> StartAsync(string provider, SettableClock clock, params RiskRule[] rules)
    {
        var app = await ProviderApp.StartAsync(provider, a => a.With("MarketData:Feed", "None").With("Paper:SlippagePercent", "0")
            .With("Jobs:IntradaySquareOff:Enabled", "false").With("Jobs:RiskWatch:Enabled", "false").With("Jobs:StrategyEngine:Enabled", "false").WithClock(clock));
        var (userId, _) = await TestUsers.CreateTraderAsync(app.App.Services, 1_000_000m);
        var service = app.App.Services.GetRequiredService<RiskRulesService>();
        foreach (var rule in rules) Assert.Null(await service.SaveAsync(userId, rule));
        await TickAsync(app, 800m, clock);
        return (app, userId);
    }

    private static Task TickAsync(ProviderApp app, decimal price, SettableClock clock) =>
        app.App.Services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(Sbin, price, clock.Now.UtcDateTime, PreviousClose: 800m), CancellationToken.None);

    private static Task<PlaceOrderResult> PlaceAsync(ProviderApp app, Guid userId, string id, int quantity, OrderSide side = OrderSide.Buy, OrderType type = OrderType.Market,
        decimal? price = null) =>
        app.App.Services.GetRequiredService<OrderPipeline>().PlaceAsync(new PlaceOrderRequest(userId, id, Exchange.NSE, Sbin.Token, side, type, ProductType.Intraday,
            OrderVariety.Normal, OrderValidity.Day, quantity, price));

    private static TradingDbContext Db(ProviderApp app) => app.App.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task A_refused_order_gives_one_reason_in_the_pipeline_the_violation_and_the_notification(string provider)
    {
        var clock = new SettableClock(SettableClock.Ist(11, 0));
        var (app, userId) = await StartAsync(provider, clock,
            new RiskRule { Kind = RiskRuleKind.MaxOrderValue, Threshold = 2_00_000m, Timing = RiskTiming.PreTrade, Action = RiskAction.Block, Enabled = true });
        await using var _ = app;

        // A market buy of 260 goes as a limit 0.5% above 800 (804): 260 × 804 = ₹2,09,040.
        var refused = await PlaceAsync(app, userId, "big", 260);
        Assert.False(refused.Accepted);
        Assert.Equal("Max order value: ₹2,09,040 exceeds the limit ₹2,00,000", refused.Message);
        Assert.True((await PlaceAsync(app, userId, "small", 200)).Accepted);
        await using var db = Db(app);
        var violation = await db.RiskViolations.AsNoTracking().SingleAsync(v => v.UserId == userId);
        Assert.Equal((RiskRuleKind.MaxOrderValue, 209_040m, 200_000m, RiskAction.Block, RiskTiming.PreTrade, "Max order value: ₹2,09,040 exceeds the limit ₹2,00,000",
            "Buy 260 SBIN-EQ @ 804.00 (Manual)"), (violation.Kind, violation.ObservedValue, violation.Threshold, violation.ActionTaken, violation.Timing, violation.Message, violation.OrderRequest));
        var told = await db.Notifications.AsNoTracking().SingleAsync(n => n.UserId == userId && n.Kind == NotificationKind.RiskViolation);
        Assert.StartsWith("Max order value: ₹2,09,040 exceeds the limit ₹2,00,000. Order refused", told.Body);
        Assert.Equal(1, await db.Orders.CountAsync(o => o.UserId == userId)); // the refused one was never stored
    }

    [Fact]
    public async Task Orders_per_second_is_a_sliding_window_and_daily_counts_survive_a_restart()
    {
        var clock = new SettableClock(SettableClock.Ist(11, 0));
        var (app, userId) = await StartAsync("Postgres", clock,
            new RiskRule { Kind = RiskRuleKind.MaxOrdersPerSecond, Threshold = 10, Timing = RiskTiming.PreTrade, Action = RiskAction.Block, Enabled = true },
            new RiskRule { Kind = RiskRuleKind.MaxOrdersPerDay, Threshold = 12, Timing = RiskTiming.PreTrade, Action = RiskAction.Block, Enabled = true });
        await using var _ = app;
        for (var i = 0; i < 10; i++)
        {
            clock.Now = SettableClock.Ist(11, 0).AddMilliseconds(i * 90);
            Assert.True((await PlaceAsync(app, userId, $"o{i}", 1, type: OrderType.Limit, price: 790m)).Accepted);
        }
        clock.Now = SettableClock.Ist(11, 0).AddMilliseconds(950);
        Assert.Equal("Max orders per second: 11 in one second exceeds the limit 10", (await PlaceAsync(app, userId, "o10", 1, type: OrderType.Limit, price: 790m)).Message);
        clock.Now = SettableClock.Ist(11, 0).AddMilliseconds(1_050); // the first order of the window is over a second old
        Assert.True((await PlaceAsync(app, userId, "o11", 1, type: OrderType.Limit, price: 790m)).Accepted);

        // A restart forgets nothing of today: 11 orders were placed, so the 13th of the day is refused.
        app.App.Services.GetRequiredService<RiskBookCache>().Forget(userId);
        clock.Now = SettableClock.Ist(12, 0);
        Assert.True((await PlaceAsync(app, userId, "o12", 1, type: OrderType.Limit, price: 790m)).Accepted);
        Assert.Equal("Max daily orders: order 13 today exceeds the limit 12", (await PlaceAsync(app, userId, "o13", 1, type: OrderType.Limit, price: 790m)).Message);
        clock.Now = SettableClock.Ist(9, 30, day: 3); // the next IST day starts afresh
        await TickAsync(app, 800m, clock);
        Assert.True((await PlaceAsync(app, userId, "o14", 1, type: OrderType.Limit, price: 790m)).Accepted);
    }

    [Fact]
    public async Task A_loss_past_the_daily_limit_pulls_the_kill_switch_once_and_trading_is_active_again_the_next_day()
    {
        var clock = new SettableClock(SettableClock.Ist(11, 0));
        var (app, userId) = await StartAsync("Postgres", clock,
            new RiskRule { Kind = RiskRuleKind.MaxDailyLoss, Threshold = 1_000m, Timing = RiskTiming.Both, Action = RiskAction.KillSwitch, Enabled = true });
        await using var _ = app;
        var services = app.App.Services;
        var (strategyId, _) = await StrategyEngineTests.AddListingAsync(services, "guarded", "rsi-mean-reversion");
        Guid activationId;
        await using (var scope = services.CreateAsyncScope())
        {
            activationId = (await scope.ServiceProvider.GetRequiredService<Trading.Web.Features.Strategies.Activations.ActivationService>()
                .ActivateAsync(userId, new(strategyId, [Sbin], new Dictionary<string, string?>(), 1, 25_000m, null))).Activation!.Id;
        }
        Assert.True((await PlaceAsync(app, userId, "entry", 100)).Accepted); // 100 @ 800
        var resting = await PlaceAsync(app, userId, "resting", 10, type: OrderType.Limit, price: 700m);
        Assert.Equal(OrderStatus.Open, resting.Order!.Status);
        var watch = services.GetRequiredService<RiskWatch>();
        await watch.CheckAsync(userId, CancellationToken.None);
        await using (var db = Db(app)) Assert.Equal(0, await db.RiskViolations.CountAsync()); // only the entry's charges lost so far

        // 800 → 788: −1,200 on the position plus charges: past ₹1,000.
        await TickAsync(app, 788m, clock);
        services.GetRequiredService<RiskBookCache>().Forget(userId);
        await watch.CheckAsync(userId, CancellationToken.None);
        await watch.CheckAsync(userId, CancellationToken.None); // once: no second firing
        await using (var db = Db(app))
        {
            var violation = await db.RiskViolations.AsNoTracking().SingleAsync();
            Assert.Equal((RiskTiming.PostTrade, RiskAction.KillSwitch), (violation.Timing, violation.ActionTaken));
            Assert.StartsWith("Max daily loss: today's loss ₹1,2", violation.Message);
            Assert.Equal(OrderStatus.Cancelled, (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == resting.Order.Id)).Status);
            Assert.Equal(0, await db.Positions.Where(p => p.UserId == userId && p.ClosedAt == null).SumAsync(p => p.NetQuantity));
            var exit = await db.Orders.AsNoTracking().SingleAsync(o => o.UserId == userId && o.Source == OrderSource.Risk);
            Assert.Equal((OrderSide.Sell, 100, OrderStatus.Filled), (exit.Side, exit.Quantity, exit.Status));
            var state = await db.TraderRiskStates.AsNoTracking().SingleAsync(s => s.UserId == userId);
            Assert.Equal(TradingState.Halted, state.State);
            Assert.Contains("1 order cancelled, 1 position squared off, 1 strategy paused", state.KillSwitchReport);
            var activation = await db.UserStrategies.AsNoTracking().SingleAsync(u => u.Id == activationId);
            Assert.Equal((UserStrategyStatus.Paused, StrategyPauseKind.Risk), (activation.Status, activation.PauseKind));
        }
        await using (var scope = services.CreateAsyncScope())
        {
            Assert.Equal("Trading is halted for today (kill switch): strategies can be resumed from the next trading day, or once the halt is lifted.",
                await scope.ServiceProvider.GetRequiredService<Trading.Web.Features.Strategies.Activations.ActivationService>().ResumeAsync(userId, activationId));
        }
        var refused = await PlaceAsync(app, userId, "after", 1);
        Assert.StartsWith("Trading is halted for today (kill switch: Max daily loss: today's loss ₹1,2", refused.Message);

        // A fill that lands while halted is squared off too.
        await using (var db = Db(app))
        {
            // (as if the broker reported a late fill of an order the switch could not cancel)
            db.Positions.Add(new Position { Id = Guid.NewGuid(), UserId = userId, Exchange = Exchange.NSE, TradingSymbol = "SBIN-EQ", SymbolToken = Sbin.Token,
                ProductType = ProductType.Intraday, NetQuantity = 5, AveragePrice = 788m, BuyQuantity = 5, BuyValue = 3_940m, OpenedAt = clock.Now.UtcDateTime, UpdatedAt = clock.Now.UtcDateTime });
            await db.SaveChangesAsync();
        }
        services.GetRequiredService<RiskBookCache>().Forget(userId);
        await watch.CheckAsync(userId, CancellationToken.None);
        await using (var db = Db(app))
        {
            Assert.Equal(2, await db.Orders.CountAsync(o => o.UserId == userId && o.Source == OrderSource.Risk));
        }

        clock.Now = SettableClock.Ist(9, 30, day: 3);
        await TickAsync(app, 790m, clock);
        Assert.True((await PlaceAsync(app, userId, "next-day", 1)).Accepted);
        Assert.Null(await services.GetRequiredService<RiskStates>().TodayAsync(userId));
        await using (var db = Db(app)) // strategies never resume by themselves, not even the next day
        {
            Assert.Equal(UserStrategyStatus.Paused, (await db.UserStrategies.AsNoTracking().SingleAsync(u => u.Id == activationId)).Status);
        }
        await using (var scope = services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<Trading.Web.Features.Strategies.Activations.ActivationService>().ResumeAsync(userId, activationId));
        }
    }

    [Fact]
    public async Task The_risk_watch_squaring_off_late_fills_while_the_kill_switch_is_at_work_closes_each_position_once()
    {
        var clock = new SettableClock(SettableClock.Ist(11, 0));
        var (app, userId) = await StartAsync("Postgres", clock);
        await using var _ = app;
        var services = app.App.Services;
        Assert.True((await PlaceAsync(app, userId, "entry", 100)).Accepted);
        var killSwitch = services.GetRequiredService<KillSwitch>();

        // The switch halts first; the watch (every 2 s and after fills) sees a halted trader's open book as late fills.
        var pull = killSwitch.PullAsync(userId, "trader@test", "test");
        var late = Enumerable.Range(0, 3).Select(_ => killSwitch.SquareOffLateFillsAsync(userId)).ToList();
        var report = await pull;
        await Task.WhenAll(late);

        Assert.StartsWith("SBIN-EQ", Assert.Single(report.SquaredOff));
        await using var db = Db(app);
        var exits = await db.Orders.AsNoTracking().Where(o => o.UserId == userId && o.Source == OrderSource.Risk).ToListAsync();
        Assert.Equal([(OrderSide.Sell, 100)], exits.Select(o => (o.Side, o.Quantity)));
        Assert.Equal(0, await db.Positions.Where(p => p.UserId == userId && p.ClosedAt == null).SumAsync(p => p.NetQuantity));
    }

    [Fact]
    public async Task A_random_stream_of_orders_and_prices_never_leaves_a_limit_exceeded()
    {
        var clock = new SettableClock(SettableClock.Ist(10, 0));
        var (app, userId) = await StartAsync("Postgres", clock,
            new RiskRule { Kind = RiskRuleKind.MaxOrderValue, Threshold = 50_000m, Timing = RiskTiming.PreTrade, Action = RiskAction.Block, Enabled = true },
            new RiskRule { Kind = RiskRuleKind.MaxPositionValue, Threshold = 1_20_000m, Timing = RiskTiming.PreTrade, Action = RiskAction.Block, Enabled = true },
            new RiskRule { Kind = RiskRuleKind.MaxOpenPositions, Threshold = 3, Timing = RiskTiming.PreTrade, Action = RiskAction.Block, Enabled = true },
            new RiskRule { Kind = RiskRuleKind.MaxQuantityPerOrder, Threshold = 80, Timing = RiskTiming.PreTrade, Action = RiskAction.Block, Enabled = true });
        await using var _ = app;
        var services = app.App.Services;
        var pipeline = services.GetRequiredService<OrderPipeline>();
        var ticks = services.GetRequiredService<MarketDataPipeline>();
        var tokens = new[] { "3045", "2885", "11536", "1333", "1594", "4963" };
        var prices = tokens.ToDictionary(t => t, _ => 700m);
        var random = new Random(42);
        int accepted = 0, refused = 0;
        for (var i = 0; i < 150; i++)
        {
            clock.Now = SettableClock.Ist(10, 0).AddSeconds(i * 2);
            var token = tokens[random.Next(tokens.Length)];
            prices[token] = Math.Round(prices[token] * (1 + (decimal)(random.NextDouble() - 0.5) / 50) / 0.05m) * 0.05m;
            await ticks.ProcessAsync(new Tick(new InstrumentKey(Exchange.NSE, token), prices[token], clock.Now.UtcDateTime, PreviousClose: 700m), CancellationToken.None);
            var side = random.NextDouble() < 0.6 ? OrderSide.Buy : OrderSide.Sell;
            var quantity = random.Next(1, 120);
            int held;
            await using (var before = Db(app))
            {
                held = await before.Positions.Where(p => p.UserId == userId && p.ClosedAt == null && p.SymbolToken == token).SumAsync(p => p.NetQuantity);
            }
            var reduces = held != 0 && (held > 0 ? side == OrderSide.Sell : side == OrderSide.Buy) && quantity <= Math.Abs(held);
            var result = await pipeline.PlaceAsync(new PlaceOrderRequest(userId, $"rnd{i}", Exchange.NSE, token, side, OrderType.Market, ProductType.Intraday,
                OrderVariety.Normal, OrderValidity.Day, quantity));
            if (result.Accepted) accepted++; else refused++;

            await using var db = Db(app);
            var open = await db.Positions.AsNoTracking().Where(p => p.UserId == userId && p.ClosedAt == null && p.NetQuantity != 0).ToListAsync();
            Assert.True(open.Count <= 3, $"order {i}: {open.Count} open positions");
            foreach (var position in open)
            {
                // Limits are checked at the order's protected price (last price ± 0.5%); the book is valued at the fill, never more than that.
                var value = Math.Abs(position.NetQuantity) * position.AveragePrice;
                Assert.True(value <= 1_20_000m * 1.006m, $"order {i}: {position.TradingSymbol} {position.NetQuantity} @ {position.AveragePrice} = {value}");
            }
            // An order that only reduces a position is never blocked by an entry rule; every other accepted one is inside the per-order limits.
            if (result.Order is { } order && !reduces) Assert.True(order.Quantity <= 80 && order.Quantity * (order.Price ?? 0) <= 50_000m, $"order {i}: {order.Quantity} @ {order.Price}");
        }
        Assert.True(accepted > 20 && refused > 20, $"{accepted} accepted, {refused} refused: the stream should test both sides of the limits");
    }

    [Fact]
    public async Task The_drawdown_from_the_days_peak_survives_a_restart_and_reduce_only_lets_only_exits_through()
    {
        var clock = new SettableClock(SettableClock.Ist(10, 0));
        var (app, userId) = await StartAsync("Postgres", clock,
            new RiskRule { Kind = RiskRuleKind.MaxDrawdownPercent, Threshold = 1m, Timing = RiskTiming.PostTrade, Action = RiskAction.ReduceOnly, Enabled = true });
        await using var _ = app;
        var services = app.App.Services;
        var watch = services.GetRequiredService<RiskWatch>();
        var cache = services.GetRequiredService<RiskBookCache>();
        Assert.True((await PlaceAsync(app, userId, "entry", 1_000)).Accepted); // 1,000 @ 800 on ₹10 lakh
        await TickAsync(app, 810m, clock); // +₹10,000 before charges: the day's peak
        cache.Forget(userId);
        await watch.CheckAsync(userId, CancellationToken.None);

        // A restart (the in-memory book is gone), then the price falls back to 795: −₹5,000, about 1.5% below the peak.
        cache.Forget(userId);
        await TickAsync(app, 795m, clock);
        await watch.CheckAsync(userId, CancellationToken.None);
        var state = await services.GetRequiredService<RiskStates>().TodayAsync(userId);
        Assert.Equal((TradingState.ReduceOnly, "Max drawdown"), (state?.State, state?.Reason));
        await using (var db = Db(app))
        {
            var violation = await db.RiskViolations.AsNoTracking().SingleAsync();
            Assert.Matches(@"^Max drawdown: 1\.\d+% below today's peak has reached the limit 1%$", violation.Message);
        }
        Assert.Equal("Reduce-only today (Max drawdown): only orders that reduce an open position are taken.", (await PlaceAsync(app, userId, "more", 10)).Message);
        Assert.True((await PlaceAsync(app, userId, "exit", 1_000, OrderSide.Sell)).Accepted);
    }

    [Fact]
    public async Task A_daily_profit_target_with_square_off_locks_the_profit_and_leaves_the_day_reduce_only()
    {
        var clock = new SettableClock(SettableClock.Ist(10, 0));
        var (app, userId) = await StartAsync("Postgres", clock,
            new RiskRule { Kind = RiskRuleKind.DailyProfitTarget, Threshold = 500m, Timing = RiskTiming.PostTrade, Action = RiskAction.SquareOff, Enabled = true });
        await using var _ = app;
        var services = app.App.Services;
        Assert.True((await PlaceAsync(app, userId, "entry", 100)).Accepted);
        var resting = await PlaceAsync(app, userId, "resting", 5, type: OrderType.Limit, price: 700m);
        await TickAsync(app, 810m, clock); // +₹1,000 before charges
        services.GetRequiredService<RiskBookCache>().Forget(userId);
        await services.GetRequiredService<RiskWatch>().CheckAsync(userId, CancellationToken.None);
        await using var db = Db(app);
        Assert.Equal(0, await db.Positions.Where(p => p.UserId == userId && p.ClosedAt == null).SumAsync(p => p.NetQuantity));
        Assert.Equal(OrderStatus.Cancelled, (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == resting.Order!.Id)).Status);
        var violation = await db.RiskViolations.AsNoTracking().SingleAsync();
        Assert.StartsWith("Daily profit target: today's ₹", violation.Message);
        Assert.EndsWith("has reached the target ₹500; profits are locked", violation.Message);
        Assert.Equal(TradingState.ReduceOnly, (await services.GetRequiredService<RiskStates>().TodayAsync(userId))?.State);
    }

    [Fact]
    public async Task A_rejection_the_broker_confirms_is_told_once_with_its_reason()
    {
        var clock = new SettableClock(SettableClock.Ist(10, 0));
        var (app, userId) = await StartAsync("Sqlite", clock);
        await using var _ = app;
        var services = app.App.Services;
        var resting = await PlaceAsync(app, userId, "resting", 5, type: OrderType.Limit, price: 700m);
        var applier = services.GetRequiredService<OrderStatusApplier>();
        await applier.RecordAsync(resting.Order!.Id, OrderStatus.Rejected, "Rejected by the broker.", "{}", errorMessage: "RMS: margin exceeds");
        await applier.RecordAsync(resting.Order.Id, OrderStatus.Rejected, "Rejected by the broker.", "{}", errorMessage: "RMS: margin exceeds");
        var notifications = services.GetRequiredService<Trading.Web.Features.Notifications.NotificationService>();
        var unread = await notifications.UnreadAsync(userId);
        var told = Assert.Single(unread, n => n.Kind == NotificationKind.OrderRejected);
        Assert.Equal(("Rejected: Buy 5 SBIN-EQ", "Buy 5 SBIN-EQ was rejected: RMS: margin exceeds.", NotificationSeverity.Error),
            (told.Title, told.Body, told.Severity));
        // Accepted when the broker took it (confirmed Open), then rejected: two notices, the rejection once.
        Assert.Equal(["OrderRejected", "OrderAccepted"], unread.Select(n => n.Kind.ToString()));
        Assert.Equal(2, await notifications.UnreadCountAsync(userId));
        await notifications.MarkReadAsync(userId);
        Assert.Equal(0, await notifications.UnreadCountAsync(userId));
        // The center lists them by kind and IST day, the trader's own only.
        Assert.Single(await notifications.ListAsync(userId, NotificationKind.OrderRejected, new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 2)));
        Assert.Empty(await notifications.ListAsync(userId, NotificationKind.OrderRejected, new DateOnly(2026, 12, 3), null));
        Assert.Empty(await notifications.ListAsync(userId, NotificationKind.RiskViolation, null, null));
        var (other, _) = await TestUsers.CreateTraderAsync(services);
        Assert.Empty(await notifications.ListAsync(other, null, null, null));
    }
}
