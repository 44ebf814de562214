using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;
using Trading.Web.Features.Risk;

namespace Trading.Benchmarks;

/// <summary>
/// The risk engine: the pre-trade check with 12 enabled rules for one order (p50/p99), placement throughput of a trader
/// with those rules against one with none in the same run, and the kill switch on 50 open paper positions and 50 open orders.
/// </summary>
public static class RiskBenchmark
{
    private static readonly string[] Tokens = ["3045", "2885", "11536", "1333", "1594", "4963", "1394", "1660"];

    public static async Task RunAsync(int orders = 400)
    {
        await using var app = await BenchApp.StartAsync();
        var services = app.Services;
        var pipeline = services.GetRequiredService<OrderPipeline>();
        var rules = services.GetRequiredService<RiskRulesService>();
        var ticks = services.GetRequiredService<MarketDataPipeline>();
        foreach (var token in Tokens) await ticks.ProcessAsync(new Tick(new InstrumentKey(Exchange.NSE, token), 800m, DateTime.UtcNow, PreviousClose: 800m), CancellationToken.None);

        var plain = await app.CreateTraderAsync();
        var guarded = await app.CreateTraderAsync();
        foreach (var rule in TwelveRules()) await rules.SaveAsync(guarded, rule);

        // The check alone, as the pipeline calls it.
        var check = services.GetServices<IPreTradeCheck>().OfType<RiskPreTradeCheck>().Single();
        var instrument = (await services.GetRequiredService<InstrumentCatalog>().FindAsync(Exchange.NSE, "3045"))!;
        var broker = (await services.GetRequiredService<BrokerFactory>().ForUserAsync(guarded, null))!.Value.Broker;
        var samples = new List<double>();
        for (var i = 0; i < 5_200; i++)
        {
            var request = new PlaceOrderRequest(guarded, $"c{i}", Exchange.NSE, "3045", OrderSide.Buy, OrderType.Limit, ProductType.Intraday, OrderVariety.Normal,
                OrderValidity.Day, 1, 700m);
            var watch = Stopwatch.StartNew();
            var refused = await check.CheckAsync(new PreTradeContext(request, instrument, broker, 800m, 800m), CancellationToken.None);
            if (i >= 200) samples.Add(watch.Elapsed.TotalMicroseconds);
            if (refused is not null) throw new InvalidOperationException(refused);
        }
        samples.Sort();
        Console.WriteLine("== Risk: pre-trade check with 12 enabled rules, one order (5,000 checks after 200 warm-up)");
        Console.WriteLine("   p50 {0,8:F1} µs   p99 {1,8:F1} µs   (goal p99 <= 1,000 µs)", Stats.Percentile(samples, 0.50), Stats.Percentile(samples, 0.99));

        // Placement through the whole pipeline, interleaved: no rules, 12 rules, no rules, 12 rules.
        double Rate(TimeSpan t) => orders / t.TotalSeconds;
        var runs = new List<(string, double)>();
        for (var round = 0; round < 4; round++)
        {
            var user = round % 2 == 0 ? plain : guarded;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < orders; i++)
            {
                var placed = await pipeline.PlaceAsync(new PlaceOrderRequest(user, $"r{round}-{i}", Exchange.NSE, Tokens[i % Tokens.Length], OrderSide.Buy, OrderType.Limit,
                    ProductType.Intraday, OrderVariety.Normal, OrderValidity.Day, 1, 700m));
                if (!placed.Accepted) throw new InvalidOperationException(placed.Message);
            }
            runs.Add((round % 2 == 0 ? "no rules" : "12 rules", Rate(watch.Elapsed)));
        }
        var without = runs.Where(r => r.Item1 == "no rules").Average(r => r.Item2);
        var with = runs.Where(r => r.Item1 == "12 rules").Average(r => r.Item2);
        Console.WriteLine("== Risk: LIMIT placement through the pipeline, one caller, {0} orders a run, interleaved", orders);
        Console.WriteLine("   no rules {0,8:N0} orders/s   12 rules {1,8:N0} orders/s   ratio {2:F2} (goal >= 0.8)   runs: {3}", without, with, with / without,
            string.Join(", ", runs.Select(r => $"{r.Item1} {r.Item2:N0}")));

        // The kill switch: 50 open positions (40 NSE equities intraday + 10 of them delivery) and 50 resting orders.
        var victim = await app.CreateTraderAsync();
        List<Instrument> equities;
        await using (var db = services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext())
        {
            equities = await db.Instruments.AsNoTracking().Where(i => i.Exchange == Exchange.NSE && i.IsTradable && i.InstrumentType == "").OrderBy(i => i.SymbolToken).Take(40).ToListAsync();
        }
        foreach (var e in equities) await ticks.ProcessAsync(new Tick(new InstrumentKey(e.Exchange, e.SymbolToken), 500m, DateTime.UtcNow, PreviousClose: 500m), CancellationToken.None);
        var n = 0;
        foreach (var (e, product) in equities.Select(e => (e, ProductType.Intraday)).Concat(equities.Take(10).Select(e => (e, ProductType.Delivery))))
        {
            var placed = await pipeline.PlaceAsync(new PlaceOrderRequest(victim, $"k{n++}", e.Exchange, e.SymbolToken, OrderSide.Buy, OrderType.Market, product,
                OrderVariety.Normal, OrderValidity.Day, 1));
            if (!placed.Accepted) throw new InvalidOperationException(placed.Message);
        }
        for (var i = 0; i < 50; i++)
        {
            var e = equities[i % equities.Count];
            var placed = await pipeline.PlaceAsync(new PlaceOrderRequest(victim, $"rest{i}", e.Exchange, e.SymbolToken, OrderSide.Buy, OrderType.Limit, ProductType.Intraday,
                OrderVariety.Normal, OrderValidity.Day, 1, 400m));
            if (!placed.Accepted) throw new InvalidOperationException(placed.Message);
        }
        var factory = services.GetRequiredService<IDbContextFactory<TradingDbContext>>();
        await using (var db = factory.CreateDbContext())
        {
            Console.WriteLine("== Kill switch: {0} open positions, {1} open orders", await db.Positions.CountAsync(p => p.UserId == victim && p.ClosedAt == null && p.NetQuantity != 0),
                await db.Orders.CountAsync(o => o.UserId == victim && OrderStatuses.Working.Contains(o.Status)));
        }
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var report = await services.GetRequiredService<KillSwitch>().PullAsync(victim, "benchmark", "benchmark");
        var done = clock.Elapsed;
        await using (var db = factory.CreateDbContext())
        {
            var lastCancel = await db.OrderEvents.Where(e => e.UserId == victim && e.ToStatus == OrderStatus.Cancelled).MaxAsync(e => e.OccurredAt);
            var open = await db.Positions.CountAsync(p => p.UserId == victim && p.ClosedAt == null && p.NetQuantity != 0);
            Console.WriteLine("   last cancel sent after {0,6:F2} s (goal <= 1 s); book flat after {1,6:F2} s (goal <= 5 s); {2} positions left open; {3}",
                (lastCancel - started).TotalSeconds, done.TotalSeconds, open, report.Describe().Split(" Squared off:")[0]);
        }
    }

    private static IEnumerable<RiskRule> TwelveRules()
    {
        RiskRule Rule(RiskRuleKind kind, decimal threshold, string? parameter = null) =>
            new() { Kind = kind, Threshold = threshold, Parameter = parameter, Timing = RiskTiming.PreTrade, Action = RiskAction.Block, Enabled = true };
        yield return Rule(RiskRuleKind.MaxOrderValue, 1_00_00_000m);
        yield return Rule(RiskRuleKind.MaxQuantityPerOrder, 100_000);
        yield return Rule(RiskRuleKind.MaxPositionValue, 10_00_00_000m);
        yield return Rule(RiskRuleKind.MaxOpenPositions, 1_000);
        yield return Rule(RiskRuleKind.MaxDailyLoss, 10_00_000m);
        yield return Rule(RiskRuleKind.MaxDrawdownPercent, 50);
        yield return Rule(RiskRuleKind.DailyProfitTarget, 10_00_00_000m);
        yield return Rule(RiskRuleKind.MaxOrdersPerDay, 1_000_000);
        yield return Rule(RiskRuleKind.MaxOrdersPerSecond, 1_000_000);
        yield return Rule(RiskRuleKind.MaxExposurePercent, 1_000);
        yield return Rule(RiskRuleKind.TradingWindow, 0, "00:00-23:59");
        yield return Rule(RiskRuleKind.SymbolBlocklist, 0, "YESBANK-EQ");
    }
}
