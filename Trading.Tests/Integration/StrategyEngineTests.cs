using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Strategies.Activations;
using Trading.Web.Features.Strategies.Engine;

namespace Trading.Tests.Integration;

/// <summary>The live engine on a real database with the paper broker: closed bars → signal → order through the pipeline, restarts, pauses.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class StrategyEngineTests
{
    private static readonly InstrumentKey Sbin = new(Exchange.NSE, "3045");

    internal static async Task<(Guid StrategyId, Guid VersionId)> AddListingAsync(IServiceProvider services, string code, string builtIn, string? algoId = "ALGO42",
        string rangesJson = "{}", StrategyListingStatus status = StrategyListingStatus.Published)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var strategy = new Strategy
        {
            Id = Guid.NewGuid(), Code = code, BuiltInKey = builtIn, Name = code, Description = "test", Category = "Test", InstrumentTypes = "EQ,FUT",
            ParameterRangesJson = rangesJson, Status = status, StatusChangedAt = now, StatusChangedBy = "test", AlgoId = algoId, Version = 1, CreatedAt = now, UpdatedAt = now,
        };
        var version = Trading.Web.Features.Strategies.Curation.StrategyCuration.VersionOf(strategy, "test", now);
        db.AddRange(strategy, version);
        await db.SaveChangesAsync();
        return (strategy.Id, version.Id);
    }

    internal static async Task AddBarsAsync(IServiceProvider services, InstrumentKey key, DateTimeOffset firstIst, params decimal[] closes)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContextAsync();
        for (var i = 0; i < closes.Length; i++)
        {
            db.Candles.Add(new Candle
            {
                Exchange = key.Exchange, SymbolToken = key.Token, Interval = CandleInterval.OneMinute, Time = firstIst.UtcDateTime.AddMinutes(i),
                Open = closes[i], High = closes[i], Low = closes[i], Close = closes[i], Volume = 100,
            });
        }
        await db.SaveChangesAsync();
    }

    private static Task TickAsync(ProviderApp app, decimal price, DateTimeOffset at) =>
        app.App.Services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(Sbin, price, at.UtcDateTime, PreviousClose: 800m), CancellationToken.None);

    private static TradingDbContext Db(ProviderApp app) => app.App.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task Closed_bars_become_signals_and_orders_a_restart_never_duplicates_one_and_unhealthy_feeds_or_sessions_pause_it(string provider)
    {
        var clock = new SettableClock(SettableClock.Ist(10, 0).AddSeconds(10));
        await using var app = await ProviderApp.StartAsync(provider, a => a.With("MarketData:Feed", "None").With("Paper:SlippagePercent", "0")
            .With("Jobs:StrategyEngine:Enabled", "false").With("Jobs:IntradaySquareOff:Enabled", "false").With("Jobs:CandleFlush:Enabled", "false").WithClock(clock));
        var services = app.App.Services;
        var (userId, _) = await TestUsers.CreateTraderAsync(services, 1_000_000m);
        var (strategyId, _) = await AddListingAsync(services, "fast-rsi", "rsi-mean-reversion");
        // Ten stored flat bars 09:50–09:59 IST: RSI(2) of a flat series is 50, no signal while warming up.
        await AddBarsAsync(services, Sbin, SettableClock.Ist(9, 50), Enumerable.Repeat(800m, 10).ToArray());
        await TickAsync(app, 800m, clock.Now);

        Guid activationId, slowId;
        await using (var scope = services.CreateAsyncScope())
        {
            var activations = scope.ServiceProvider.GetRequiredService<ActivationService>();
            var fast = new Dictionary<string, string?> { ["period"] = "2", ["oversold"] = "45", ["overbought"] = "55", ["exit"] = "50" };
            var (a, errors) = await activations.ActivateAsync(userId, new ActivationRequest(strategyId, [Sbin], fast, 5, 25_000m, null));
            Assert.Empty(errors);
            activationId = a!.Id;
            var (slow, _) = await activations.ActivateAsync(userId, new ActivationRequest(strategyId, [Sbin], new Dictionary<string, string?> { ["period"] = "20" }, 1, 25_000m, null));
            slowId = slow!.Id;
        }
        var engine = services.GetRequiredService<StrategyEngine>();
        await engine.RunOnceAsync(CancellationToken.None); // warms up from the stored bars; no closed bar after the activation yet

        async Task<ActivationView> ViewAsync(Guid id)
        {
            await using var scope = services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<ActivationService>().ListAsync(userId)).Single(v => v.Activation.Id == id);
        }
        Assert.Equal("Running", (await ViewAsync(activationId)).StatusText);    // 10 bars ≥ RSI(2)'s 3
        Assert.Equal("Warming up", (await ViewAsync(slowId)).StatusText);      // 10 bars < RSI(20)'s 21
        await using (var db = Db(app)) Assert.Equal(0, await db.Orders.CountAsync(o => o.UserId == userId));

        // The 10:00 bar closes at 810: RSI(2) = 100 > 55 → sell short 5 lots of 1. Evaluated once its minute and the grace have passed.
        await AddBarsAsync(services, Sbin, SettableClock.Ist(10, 0), 810m);
        clock.Now = SettableClock.Ist(10, 1).AddSeconds(2);
        await TickAsync(app, 810m, clock.Now);
        await engine.RunOnceAsync(CancellationToken.None);
        await using (var db = Db(app)) Assert.Equal(0, await db.Orders.CountAsync(o => o.UserId == userId)); // 2 s after the close: inside the grace
        clock.Now = SettableClock.Ist(10, 1).AddSeconds(6);
        await TickAsync(app, 810m, clock.Now);
        await engine.RunOnceAsync(CancellationToken.None);

        Order entry;
        await using (var db = Db(app))
        {
            entry = await db.Orders.AsNoTracking().SingleAsync(o => o.UserId == userId);
            Assert.Equal((OrderSource.Strategy, activationId, "ALGO42", OrderSide.Sell, 5, OrderType.Limit, OrderStatus.Filled),
                (entry.Source, entry.UserStrategyId, entry.Tag, entry.Side, entry.Quantity, entry.OrderType, entry.Status));
            var signal = await db.StrategySignals.AsNoTracking().SingleAsync(s => s.UserStrategyId == activationId);
            Assert.Equal((Signal.EnterShort, SettableClock.Ist(10, 0).UtcDateTime, entry.ClientOrderId), (signal.Signal, signal.BarTime, signal.ClientOrderId));
            var state = await db.UserStrategySymbols.AsNoTracking().SingleAsync(s => s.UserStrategyId == activationId);
            Assert.Equal((StrategyPosition.Short, SettableClock.Ist(10, 0).UtcDateTime), (state.Position, state.LastBarTime));
        }

        // A crash right after the order went, before the bar's state was stored: the restarted engine evaluates 10:00 again.
        await using (var db = Db(app))
        {
            var state = await db.UserStrategySymbols.SingleAsync(s => s.UserStrategyId == activationId);
            (state.Position, state.LastBarTime, state.NetQuantity) = (StrategyPosition.Flat, SettableClock.Ist(9, 59).UtcDateTime, 0);
            await db.SaveChangesAsync();
        }
        engine.Forget();
        await engine.RunOnceAsync(CancellationToken.None);
        await using (var db = Db(app))
        {
            Assert.Equal(1, await db.Orders.CountAsync(o => o.UserId == userId)); // the same client order id: the pipeline returned the first order
            var state = await db.UserStrategySymbols.AsNoTracking().SingleAsync(s => s.UserStrategyId == activationId);
            Assert.Equal((StrategyPosition.Short, -5), (state.Position, state.NetQuantity));
        }

        // 10:01 closes at 790: RSI(2) = 100 − 100 / (1 + 2.5 / 10) = 20 ≤ 50 → buy 5 back.
        await AddBarsAsync(services, Sbin, SettableClock.Ist(10, 1), 790m);
        clock.Now = SettableClock.Ist(10, 2).AddSeconds(6);
        await TickAsync(app, 790m, clock.Now);
        await engine.RunOnceAsync(CancellationToken.None);
        await using (var db = Db(app))
        {
            var orders = await db.Orders.AsNoTracking().Where(o => o.UserStrategyId == activationId).OrderBy(o => o.CreatedAt).ToListAsync();
            Assert.Equal([(OrderSide.Sell, 5, OrderStatus.Filled), (OrderSide.Buy, 5, OrderStatus.Filled)], orders.Select(o => (o.Side, o.Quantity, o.Status)));
            var trades = await db.Trades.AsNoTracking().Where(t => t.UserId == userId).ToListAsync();
            Assert.Equal([810m, 790m], trades.OrderBy(t => t.TradedAt).Select(t => t.Price));
            var view = await ViewAsync(activationId);
            // Short 5 at 810, covered at 790: +100 before charges; the charges are the two fills' stored lines.
            Assert.Equal((1, 100m, 100m - trades.Sum(t => t.Charges), 2), (view.Trades, view.WinRatePercent, view.NetPnl, view.Orders));
        }

        // No tick for three minutes while NSE is open: the feed is stale, both activations pause and say so; a fresh tick resumes them.
        clock.Now = SettableClock.Ist(10, 5).AddSeconds(10);
        await engine.RunOnceAsync(CancellationToken.None);
        var paused = await ViewAsync(activationId);
        Assert.Equal((UserStrategyStatus.Paused, StrategyPauseKind.StaleFeed), (paused.Activation.Status, paused.Activation.PauseKind));
        Assert.StartsWith("Paused: No price for SBIN-EQ", paused.StatusText);
        await TickAsync(app, 791m, clock.Now);
        await engine.RunOnceAsync(CancellationToken.None);
        Assert.Equal(UserStrategyStatus.Active, (await ViewAsync(activationId)).Activation.Status);

        // The broker session needs reconnecting: paused until it is connected again.
        await using (var db = Db(app))
        {
            await db.BrokerAccounts.Where(b => b.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BrokerAccountStatus.ReconnectNeeded));
        }
        await engine.RunOnceAsync(CancellationToken.None);
        Assert.Equal(StrategyPauseKind.BrokerSession, (await ViewAsync(activationId)).Activation.PauseKind);
        await using (var db = Db(app))
        {
            await db.BrokerAccounts.Where(b => b.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BrokerAccountStatus.Connected));
        }
        await engine.RunOnceAsync(CancellationToken.None);
        Assert.Equal(UserStrategyStatus.Active, (await ViewAsync(activationId)).Activation.Status);
        await using (var db = Db(app))
        {
            var titles = await db.Notifications.AsNoTracking()
                .Where(n => n.UserId == userId && (n.Kind == NotificationKind.StrategyPaused || n.Kind == NotificationKind.StrategyResumed) && n.DigestId == null)
                .OrderBy(n => n.Id).Select(n => n.Title).ToListAsync();
            // Each acted-on bar is told once, with what came of it.
            var signals = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId && n.Kind == NotificationKind.StrategySignal).ToListAsync();
            Assert.Equal(await db.StrategySignals.CountAsync(s => s.UserStrategyId == activationId), signals.Count);
            Assert.All(signals, n => Assert.Contains("signal on", n.Title));
            Assert.Equal(["fast-rsi paused", "fast-rsi paused", "fast-rsi resumed", "fast-rsi resumed", "fast-rsi paused", "fast-rsi paused", "fast-rsi resumed", "fast-rsi resumed"], titles);
        }
    }

    [Fact]
    public async Task Two_engine_instances_on_one_postgres_run_one_engine_and_place_one_order()
    {
        await using var postgres = new PostgresDatabase();
        await postgres.InitializeAsync();
        var clock = new SettableClock(SettableClock.Ist(10, 1).AddSeconds(6));
        TradingAppFactory Instance() => TradingAppFactory.ForPostgres(postgres.ConnectionString).With("MarketData:Feed", "None").With("Paper:SlippagePercent", "0")
            .With("Jobs:StrategyEngine:Every", "00:00:00.2").With("Jobs:StrategyEngine:FirstRunAfter", "00:00:00").With("Jobs:IntradaySquareOff:Enabled", "false")
            .With("Jobs:CandleFlush:Enabled", "false").WithClock(clock);
        var first = Instance();
        var second = Instance();
        try
        {
            var services = first.Services;
            var (userId, _) = await TestUsers.CreateTraderAsync(services, 1_000_000m);
            var (strategyId, _) = await AddListingAsync(services, "fast-rsi", "rsi-mean-reversion");
            await AddBarsAsync(services, Sbin, SettableClock.Ist(9, 50), Enumerable.Repeat(800m, 10).ToArray());
            await using (var scope = services.CreateAsyncScope())
            {
                var fast = new Dictionary<string, string?> { ["period"] = "2", ["oversold"] = "45", ["overbought"] = "55" };
                clock.Now = SettableClock.Ist(10, 0).AddSeconds(10);
                await scope.ServiceProvider.GetRequiredService<ActivationService>().ActivateAsync(userId, new ActivationRequest(strategyId, [Sbin], fast, 1, 25_000m, null));
            }
            _ = second.Services; // both instances now race for the engine's lock
            await AddBarsAsync(services, Sbin, SettableClock.Ist(10, 0), 810m);
            clock.Now = SettableClock.Ist(10, 1).AddSeconds(6);
            foreach (var instance in new[] { first, second })
            {
                await instance.Services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(Sbin, 810m, clock.Now.UtcDateTime, PreviousClose: 800m), CancellationToken.None);
            }
            await Eventually.TrueAsync(async () =>
            {
                await using var db = services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
                return await db.Orders.AnyAsync(o => o.UserId == userId);
            }, "the strategy's order");
            await Task.Delay(1_000);
            var runs = new[] { first, second }.Select(i => i.Services.GetRequiredService<StrategyEngineJob>().Succeeded).ToList();
            Assert.Single(runs, r => r > 0); // one instance runs the engine
            await using var check = services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
            Assert.Equal(1, await check.Orders.CountAsync(o => o.UserId == userId));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_paper_day_replayed_by_the_backtester_agrees_on_every_signal_and_on_the_P_and_L()
    {
        var clock = new SettableClock(SettableClock.Ist(9, 15).AddSeconds(-50));
        await using var app = await ProviderApp.StartAsync("Postgres", a => a.With("MarketData:Feed", "None").With("Paper:SlippagePercent", "0")
            .With("Jobs:StrategyEngine:Enabled", "false").With("Jobs:IntradaySquareOff:Enabled", "false").With("Jobs:CandleFlush:Enabled", "false").WithClock(clock));
        var services = app.App.Services;
        var (userId, _) = await TestUsers.CreateTraderAsync(services, 10_000_000m);
        var (strategyId, _) = await AddListingAsync(services, "rsi", "rsi-mean-reversion");
        // Yesterday's session warms it up; today it runs bar by bar as the engine would see them close.
        var random = new Random(11);
        decimal price = 800m;
        decimal[] Walk(int n) => Enumerable.Range(0, n).Select(_ => price = Math.Round(price * (1 + (decimal)(random.NextDouble() - 0.5) / 250) / 0.05m) * 0.05m).ToArray();
        await AddBarsAsync(services, Sbin, SettableClock.Ist(9, 15, day: 1), Walk(375));
        await TickAsync(app, price, clock.Now);
        await using (var scope = services.CreateAsyncScope())
        {
            var parameters = new Dictionary<string, string?> { ["period"] = "3", ["oversold"] = "35", ["overbought"] = "65", ["exit"] = "50" };
            var (activation, errors) = await scope.ServiceProvider.GetRequiredService<ActivationService>()
                .ActivateAsync(userId, new ActivationRequest(strategyId, [Sbin], parameters, 10, 25_000m, null));
            Assert.Empty(errors);
        }
        var engine = services.GetRequiredService<StrategyEngine>();
        var today = Walk(150);
        for (var i = 0; i < today.Length; i++)
        {
            // Each bar opens at the last close (so a fill at the tick after the close is the next bar's open) and closes at today[i].
            var open = i == 0 ? 0m : today[i - 1];
            await using (var db = Db(app))
            {
                var time = SettableClock.Ist(9, 15).UtcDateTime.AddMinutes(i);
                db.Candles.Add(new Candle { Exchange = Sbin.Exchange, SymbolToken = Sbin.Token, Interval = CandleInterval.OneMinute, Time = time,
                    Open = i == 0 ? today[0] : open, High = Math.Max(i == 0 ? today[0] : open, today[i]), Low = Math.Min(i == 0 ? today[0] : open, today[i]), Close = today[i], Volume = 1 });
                await db.SaveChangesAsync();
            }
            clock.Now = SettableClock.Ist(9, 16).AddMinutes(i).AddSeconds(6);
            await TickAsync(app, today[i], clock.Now);
            await engine.RunOnceAsync(CancellationToken.None);
        }

        var replayed = await services.GetRequiredService<StrategyDayReplay>().ReplayAsync(new DateOnly(2026, 12, 2));
        Assert.Equal(1, replayed);
        await using var check = Db(app);
        var match = await check.StrategyDayMatches.AsNoTracking().SingleAsync();
        var signals = await check.StrategySignals.CountAsync();
        Assert.True(signals >= 6, $"only {signals} signals: the path should make several");
        Assert.True(match.Agreeing >= 0.99m * match.Total, $"{match.Agreeing}/{match.Total} signals agree");
        Assert.Equal(signals, match.Total);
        Assert.True(Math.Abs(match.LivePnl - match.ReplayPnl) <= 0.05m, $"live {match.LivePnl} vs replay {match.ReplayPnl}");
    }

    [Fact]
    public async Task An_unfilled_strategy_order_is_re_priced_to_the_protected_price_and_given_up_after_the_last_try()
    {
        var clock = new SettableClock(SettableClock.Ist(10, 0));
        await using var app = await ProviderApp.StartAsync("Postgres", a => a.With("MarketData:Feed", "None").With("Paper:SlippagePercent", "0")
            .With("Jobs:StrategyEngine:Enabled", "false").With("Jobs:IntradaySquareOff:Enabled", "false").With("Jobs:CandleFlush:Enabled", "false")
            .With("Strategies:Engine:MaxReprices", "1").WithClock(clock));
        var services = app.App.Services;
        var (userId, _) = await TestUsers.CreateTraderAsync(services, 1_000_000m);
        var (strategyId, _) = await AddListingAsync(services, "rsi", "rsi-mean-reversion");
        await TickAsync(app, 800m, clock.Now);
        Guid activationId;
        await using (var scope = services.CreateAsyncScope())
        {
            activationId = (await scope.ServiceProvider.GetRequiredService<ActivationService>()
                .ActivateAsync(userId, new ActivationRequest(strategyId, [Sbin], new Dictionary<string, string?>(), 5, 25_000m, null))).Activation!.Id;
        }
        var engine = services.GetRequiredService<StrategyEngine>();
        await engine.RunOnceAsync(CancellationToken.None);

        // An entry the market moved away from: a buy limit at 780 with the price at 800 rests at the broker.
        var pipeline = services.GetRequiredService<Trading.Web.Features.Orders.OrderPipeline>();
        async Task<Order> RestingAsync(string id, OrderSide side, decimal price)
        {
            var placed = await pipeline.PlaceAsync(new Trading.Web.Features.Orders.PlaceOrderRequest(userId, id, Exchange.NSE, Sbin.Token, side, OrderType.Limit,
                ProductType.Intraday, OrderVariety.Normal, OrderValidity.Day, 5, price, Source: OrderSource.Strategy, UserStrategyId: activationId));
            Assert.True(placed.Accepted, placed.Message);
            Assert.Equal(OrderStatus.Open, placed.Order!.Status);
            await using var db = Db(app);
            var state = await db.UserStrategySymbols.SingleAsync(s => s.UserStrategyId == activationId);
            (state.WorkingOrderId, state.WorkingSince, state.Reprices, state.Position) = (placed.Order.Id, clock.Now.UtcDateTime, 0,
                side == OrderSide.Buy ? StrategyPosition.Long : StrategyPosition.Flat);
            await db.SaveChangesAsync();
            return placed.Order;
        }
        var entry = await RestingAsync("resting-entry", OrderSide.Buy, 780m);

        clock.Now = clock.Now.AddSeconds(10);
        await TickAsync(app, 800m, clock.Now);
        await engine.RunOnceAsync(CancellationToken.None); // 10 s: not yet
        await using (var db = Db(app)) Assert.Equal(780m, (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == entry.Id)).Price);

        // After 20 s it is re-priced to the market-price-protection price of now (800 + 0.5% = 804.00) and fills at 800.
        clock.Now = clock.Now.AddSeconds(15);
        await TickAsync(app, 800m, clock.Now);
        await engine.RunOnceAsync(CancellationToken.None);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = Db(app);
            return (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == entry.Id)).Status == OrderStatus.Filled;
        }, "the re-priced entry to fill");
        await using (var db = Db(app))
        {
            var filled = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == entry.Id);
            Assert.Equal(804m, filled.Price);
            Assert.Equal(800m, (await db.Trades.AsNoTracking().SingleAsync(t => t.OrderId == entry.Id)).Price);
        }
        await engine.RunOnceAsync(CancellationToken.None);
        await using (var db = Db(app))
        {
            var state = await db.UserStrategySymbols.AsNoTracking().SingleAsync(s => s.UserStrategyId == activationId);
            Assert.Equal(((Guid?)null, StrategyPosition.Long, 5), (state.WorkingOrderId, state.Position, state.NetQuantity));
        }

        // An exit that stays unfilled after its one re-price is given up: cancelled, and the strategy holds what it still has.
        var exit = await RestingAsync("resting-exit", OrderSide.Sell, 900m);
        await using (var db = Db(app))
        {
            await db.UserStrategySymbols.Where(s => s.UserStrategyId == activationId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Reprices, 1).SetProperty(s => s.Position, StrategyPosition.Flat));
        }
        clock.Now = clock.Now.AddSeconds(25);
        await TickAsync(app, 800m, clock.Now);
        await engine.RunOnceAsync(CancellationToken.None); // gives it up
        await engine.RunOnceAsync(CancellationToken.None); // sees it cancelled
        await using (var db = Db(app))
        {
            Assert.Equal(OrderStatus.Cancelled, (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == exit.Id)).Status);
            var state = await db.UserStrategySymbols.AsNoTracking().SingleAsync(s => s.UserStrategyId == activationId);
            Assert.Equal(((Guid?)null, StrategyPosition.Long, 5), (state.WorkingOrderId, state.Position, state.NetQuantity));
        }

        // Stopping with square-off sells what the strategy's fills hold; a stopped strategy is not run again.
        await using (var scope = services.CreateAsyncScope())
        {
            var activations = scope.ServiceProvider.GetRequiredService<ActivationService>();
            Assert.Null(await activations.StopAsync(userId, activationId, squareOff: true));
            Assert.Equal("It is stopped already.", await activations.StopAsync(userId, activationId, squareOff: true));
            var view = (await activations.ListAsync(userId)).Single();
            Assert.Equal(("Stopped", "Stopped and squared off by you."), (view.StatusText, view.Activation.StatusReason));
        }
        await using (var db = Db(app))
        {
            var close = await db.Orders.AsNoTracking().Where(o => o.UserStrategyId == activationId && o.Status == OrderStatus.Filled && o.Side == OrderSide.Sell).SingleAsync();
            Assert.Equal(5, close.Quantity);
            Assert.Equal(0, (await db.Positions.AsNoTracking().Where(p => p.UserId == userId && p.ClosedAt == null).ToListAsync()).Sum(p => p.NetQuantity));
        }
        await engine.RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, engine.RunnerCount);
    }
}
