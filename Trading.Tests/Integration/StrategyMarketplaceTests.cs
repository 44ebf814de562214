using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Strategies.Activations;
using Trading.Web.Features.Strategies.Backtesting;
using Trading.Web.Features.Strategies.Curation;
using Trading.Web.Features.Strategies.Marketplace;

namespace Trading.Tests.Integration;

/// <summary>Curation (versions, states, who and when), activation checks, and backtests on stored candles.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class StrategyMarketplaceTests
{
    private static readonly InstrumentKey Sbin = new(Exchange.NSE, "3045");

    private static ListingDraft Draft(string code, string? algo = null, decimal minimum = 20_000m) => new(code, "rsi-mean-reversion", "Quick RSI",
        "Fades stretched one-minute moves.", "Mean reversion", "EQ", StrategyRiskLevel.Medium, minimum, algo,
        new Dictionary<string, ParameterRange> { ["period"] = new(2, 10, 3) });

    private static TradingDbContext Db(ProviderApp app) => app.App.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task Admins_curate_versions_and_states_and_activations_stay_on_their_version(string provider)
    {
        await using var app = await ProviderApp.StartAsync(provider, a => a.With("MarketData:Feed", "None").With("Jobs:StrategyEngine:Enabled", "false"));
        var services = app.App.Services;
        var (adminId, adminEmail) = await TestUsers.CreateAdminAsync(services);
        var (traderId, _) = await TestUsers.CreateTraderAsync(services, 1_000_000m);
        var curation = services.GetRequiredService<StrategyCuration>();

        var (_, bad) = await curation.CreateAsync(adminId, Draft("Bad Code!") with { Ranges = new Dictionary<string, ParameterRange> { ["period"] = new(1, 60, 3) } });
        Assert.Equal("The code is 1–64 lower-case letters, digits and hyphens (it is the entry's address).", bad["Code"]);
        Assert.Equal("RSI period: the range must stay inside 2–50.", bad["range:period"]);
        Assert.Equal("The exchange algo id is up to 19 letters and digits, sent as the order tag (leave it empty for paper only).",
            (await curation.CreateAsync(adminId, Draft("long-algo", algo: "ALGO12345678901234567"))).Errors["AlgoId"]);

        var (strategy, none) = await curation.CreateAsync(adminId, Draft("quick-rsi"));
        Assert.Empty(none);
        Assert.Equal((StrategyListingStatus.Draft, 1, adminEmail), (strategy!.Status, strategy.Version, strategy.StatusChangedBy));
        Assert.Equal("An entry with the code quick-rsi exists already.", (await curation.CreateAsync(adminId, Draft("quick-rsi"))).Errors["Code"]);

        await using (var scope = services.CreateAsyncScope())
        {
            var activations = scope.ServiceProvider.GetRequiredService<ActivationService>();
            var request = new ActivationRequest(strategy.Id, [Sbin], new Dictionary<string, string?>(), 1, 25_000m, null);
            Assert.Equal("This strategy takes no new activations (it is not published).", (await activations.ActivateAsync(traderId, request)).Errors[""]);
            Assert.Null(await curation.MoveAsync(adminId, strategy.Id, StrategyListingStatus.Published));
            var (v1, errors) = await activations.ActivateAsync(traderId, request);
            Assert.Empty(errors);

            // An edit is version 2; the running activation stays on version 1 until the trader moves it.
            Assert.Empty(await curation.EditAsync(adminId, strategy.Id, Draft("ignored", minimum: 30_000m) with { Name = "Quick RSI II" }));
            var listing = (await curation.ListAsync()).Single(l => l.Strategy.Id == strategy.Id);
            Assert.Equal([2, 1], listing.Versions.Select(v => v.Version));
            Assert.Equal(1, listing.ActivationsByVersion[1]);
            Assert.False(listing.ActivationsByVersion.ContainsKey(2));
            var view = (await activations.ListAsync(traderId)).Single();
            Assert.Equal((1, 2, "Quick RSI"), (view.Activation.StrategyVersion!.Version, view.LatestVersion, view.StrategyName));
            Assert.Empty(await activations.ReviseAsync(traderId, v1!.Id, new Dictionary<string, string?> { ["period"] = "4" }, 2, moveToLatest: true));
            view = (await activations.ListAsync(traderId)).Single();
            Assert.Equal((2, 2, 2, "Quick RSI II"), (view.Activation.StrategyVersion!.Version, view.Activation.Revision, view.Activation.Lots, view.StrategyName));
            Assert.Equal([2, 1], view.Revisions.Select(r => r.Revision)); // the history is kept
            Assert.Equal("4", ActivationParameters.Read(view.Activation.ParametersJson)["period"]);

            // Suspending stops new activations and tells the trader running it; the running one keeps running.
            Assert.Null(await curation.MoveAsync(adminId, strategy.Id, StrategyListingStatus.Suspended));
            Assert.Equal("This strategy takes no new activations (it is not published).", (await activations.ActivateAsync(traderId, request)).Errors[""]);
            Assert.Equal(UserStrategyStatus.Active, (await activations.ListAsync(traderId)).Single().Activation.Status);
            await using (var db = Db(app))
            {
                var told = await db.Notifications.AsNoTracking().SingleAsync(n => n.UserId == traderId);
                Assert.Equal("Quick RSI II is suspended", told.Title);
            }
            Assert.Null(await curation.MoveAsync(adminId, strategy.Id, StrategyListingStatus.Retired));
            Assert.Equal("A retired entry cannot be published.", await curation.MoveAsync(adminId, strategy.Id, StrategyListingStatus.Published));
            Assert.Equal("A retired entry cannot be edited.", (await curation.EditAsync(adminId, strategy.Id, Draft("x")))[""]);
        }
        await using var check = Db(app);
        var audit = await check.AdminAudit.AsNoTracking().Where(a => a.AdminId == adminId).OrderBy(a => a.Id).Select(a => a.Details).ToListAsync();
        Assert.Equal(["quick-rsi v1 (rsi-mean-reversion)", "quick-rsi: Draft → Published", "quick-rsi v2", "quick-rsi: Published → Suspended", "quick-rsi: Suspended → Retired"], audit);
    }

    [Fact]
    public async Task An_activation_is_refused_with_a_message_per_field_and_nothing_is_stored()
    {
        await using var app = await ProviderApp.StartAsync("Postgres", a => a.With("MarketData:Feed", "None").With("Jobs:StrategyEngine:Enabled", "false"));
        var services = app.App.Services;
        var (traderId, _) = await TestUsers.CreateTraderAsync(services, 100_000m);
        var (paperOnly, _) = await StrategyEngineTests.AddListingAsync(services, "paper-only", "ema-crossover", algoId: null);
        await using var scope = services.CreateAsyncScope();
        var activations = scope.ServiceProvider.GetRequiredService<ActivationService>();
        await using (var db = Db(app))
        {
            db.BrokerAccounts.Add(new BrokerAccount { Id = Guid.NewGuid(), UserId = traderId, Broker = BrokerKind.AngelOne, Label = "Angel One", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        Guid angel;
        await using (var db = Db(app)) angel = await db.BrokerAccounts.Where(b => b.UserId == traderId && b.Broker == BrokerKind.AngelOne).Select(b => b.Id).SingleAsync();

        var (none, errors) = await activations.ActivateAsync(traderId, new ActivationRequest(paperOnly,
            [new InstrumentKey(Exchange.NSE, "99926000")], new Dictionary<string, string?> { ["fast"] = "30", ["slow"] = "10" }, 0, 1_000m, angel));
        Assert.Null(none);
        Assert.Equal("This strategy has no exchange algo id yet, so it can run on a paper account only (exchange rules for API algorithms).", errors["BrokerAccount"]);
        Assert.Equal("Nifty 50 cannot be traded (an index or an expired contract).", errors["Symbols"]);
        Assert.Equal("Lots must be at least 1.", errors["Lots"]);
        Assert.Equal("The fast EMA must be shorter than the slow one.", errors["Parameters"]);

        // Paper account: a whole number that is not one, and more capital than is free.
        (none, errors) = await activations.ActivateAsync(traderId, new ActivationRequest(paperOnly, [Sbin], new Dictionary<string, string?> { ["fast"] = "abc" }, 1, 150_000m, null));
        Assert.Equal("Fast EMA must be a whole number.", errors["fast"]);
        Assert.Equal("Only ₹1,00,000.00 is free on Paper trading (after your other strategies' allocations).", errors["AllocatedCapital"]);
        await using var check = Db(app);
        Assert.Equal(0, await check.UserStrategies.CountAsync());
    }

    [Fact]
    public async Task A_backtest_on_the_demo_history_completes_with_metrics_and_the_same_inputs_give_the_same_trade_hash()
    {
        var file = Path.Combine(Path.GetTempPath(), $"trading-bt-{Guid.NewGuid():N}.db");
        await using var app = TradingAppFactory.ForSqlite(file, seedDemoData: true).With("MarketData:Feed", "None").With("Jobs:StrategyEngine:Enabled", "false");
        var services = app.Services;
        var history = services.GetRequiredService<DemoCandleHistoryJob>();
        await Eventually.TrueAsync(() => Task.FromResult(history.Done), "the demo history");
        var (traderId, _) = await TestUsers.CreateTraderAsync(services);
        Guid strategyId;
        await using (var db = services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext())
        {
            strategyId = await db.Strategies.Where(s => s.Code == "rsi-mean-reversion").Select(s => s.Id).SingleAsync();
            // Ten trading days of 375 one-minute bars for each demo symbol (tests write two weeks, the app a year).
            Assert.Equal(3_750, await db.Candles.CountAsync(c => c.SymbolToken == "2885"));
        }
        var backtests = services.GetRequiredService<BacktestService>();
        var today = new DateOnly(2026, 12, 2);
        var request = new BacktestRequest(strategyId, [new InstrumentKey(Exchange.NSE, "2885")], DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30),
            DateOnly.FromDateTime(DateTime.UtcNow), new Dictionary<string, string?> { ["period"] = "5" }, 2, 100_000m, BacktestFillMode.NextOpen);

        var (bad, errors) = await backtests.StartAsync(traderId, request with { Lots = 0, From = today, To = today.AddDays(-1) });
        Assert.Null(bad);
        Assert.Equal(("Lots must be at least 1.", "The period starts after it ends."), (errors["Lots"], errors["Period"]));

        var (first, _) = await backtests.StartAsync(traderId, request, inBackground: false);
        var (second, _) = await backtests.StartAsync(traderId, request, inBackground: false);
        var a = (await backtests.GetAsync(traderId, first!.Value))!;
        var b = (await backtests.GetAsync(traderId, second!.Value))!;
        Assert.Equal((BacktestStatus.Completed, 3_750L), (a.Status, a.BarCount));
        Assert.True(a.TradeCount > 10, $"{a.TradeCount} trades");
        Assert.Equal(a.TradesHash, b.TradesHash);
        Assert.Equal(a.NetPnl, b.NetPnl);
        Assert.True(a.BarsPerSecond > 0);
        var metrics = System.Text.Json.JsonSerializer.Deserialize<BacktestMetrics>(a.MetricsJson, BacktestService.Json)!;
        Assert.Equal(a.NetPnl, metrics.NetPnl);
        Assert.Equal(metrics.GrossPnl - metrics.Charges, metrics.NetPnl);
        Assert.True(metrics.Charges > 0);

        // Two symbols: each trades on its own against the one capital; the whole is the sum of its parts.
        var (many, _) = await backtests.StartAsync(traderId, request with { Symbols = [new InstrumentKey(Exchange.NSE, "2885"), new InstrumentKey(Exchange.NSE, "11536")] },
            inBackground: false);
        var both = (await backtests.GetAsync(traderId, many!.Value))!;
        Assert.Equal((BacktestStatus.Completed, 7_500L, "RELIANCE-EQ, TCS-EQ"), (both.Status, both.BarCount, both.TradingSymbol));
        var parts = System.Text.Json.JsonSerializer.Deserialize<List<SymbolResult>>(both.SymbolResultsJson, BacktestService.Json)!;
        Assert.Equal(["RELIANCE-EQ", "TCS-EQ"], parts.Select(p => p.Symbol));
        Assert.Equal(a.TradeCount, parts[0].Trades); // RELIANCE alone is the first backtest
        Assert.Equal(a.NetPnl, parts[0].Net);
        Assert.Equal(both.TradeCount, parts.Sum(p => p.Trades));
        Assert.Equal(both.NetPnl, parts.Sum(p => p.Net));
        Assert.Equal(3_750L, parts[1].Bars);
        var stored = System.Text.Json.JsonSerializer.Deserialize<List<StoredTrade>>(both.TradesJson, BacktestService.Json)!;
        Assert.Equal(parts[1].Trades, stored.Count(t => t.Symbol == "TCS-EQ"));
        Assert.True(stored.Zip(stored.Skip(1)).All(p => p.First.ExitTime <= p.Second.ExitTime), "trades in the order their results were known");

        var (none, tooMany) = await backtests.StartAsync(traderId, request with { Symbols = Enumerable.Range(1, 11).Select(i => new InstrumentKey(Exchange.NSE, i.ToString())).ToList() });
        Assert.Null(none);
        Assert.Equal("At most 10 symbols at a time.", tooMany["Symbol"]);
        var (unknown, notListed) = await backtests.StartAsync(traderId, request with { Symbols = [new InstrumentKey(Exchange.NSE, "2885"), new InstrumentKey(Exchange.NSE, "no-such")] });
        Assert.Null(unknown);
        Assert.Equal("Choose the symbols from the list.", notListed["Symbol"]);

        // Another trader sees neither.
        var (otherId, _) = await TestUsers.CreateTraderAsync(services);
        Assert.Null(await backtests.GetAsync(otherId, first.Value));
        Assert.Empty(await backtests.ListAsync(otherId));
    }
}
