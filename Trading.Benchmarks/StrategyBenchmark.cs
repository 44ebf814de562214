using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Trading.Data.Entities;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Positions;
using Trading.Web.Features.Strategies;
using Trading.Web.Features.Strategies.Backtesting;
using Trading.Web.Features.Strategies.Engine;
using Trading.Web.Infrastructure;

namespace Trading.Benchmarks;

/// <summary>
/// Backtest throughput (RSI mean reversion over ≥ 1M one-minute bars with fills and the shipped charges) against a bare
/// Wilder RSI loop over the same closes in the same run; and the engine's evaluation of 10,000 activations on a new bar.
/// </summary>
public static class StrategyBenchmark
{
    public static void Run(int bars = 1_000_000, int activations = 10_000, int rounds = 8)
    {
        var data = History(bars);
        
        var charges = Charges();
        var definition = BuiltInStrategies.Find("rsi-mean-reversion")!;
        var instrument = new Instrument { Exchange = Exchange.NSE, SymbolToken = "2885", TradingSymbol = "RELIANCE-EQ", TickSize = 0.05m };
        // Each run charges with fresh settings, as each backtest of the app does (nothing remembered from the run before).
        BacktestSettings Fresh() => new("RELIANCE-EQ", 10, 1_000_000m, BacktestFillMode.NextOpen, 0.05m, 0.05m,
            BacktestService.FillCharges(charges, instrument, ProductType.Intraday), SquareOffAt: new TimeOnly(15, 15));

        // Two measures, both against the bare loop measured the same way. Steady state (the throughput): batches of five
        // backtests back to back, each with its own fresh settings and strategy and the one before it dropped, a full
        // collection before each batch (what BenchmarkDotNet does between iterations), the time per backtest. Cold: one
        // backtest right after a full collection, which also pays for the runtime handing it fresh memory pages.
        const int batch = 5;
        double bestBacktest = double.MaxValue, bestBare = double.MaxValue, bestColdBacktest = double.MaxValue, bestColdBare = double.MaxValue;
        BacktestRun? run = null;
        double check = 0;
        var collectionsDuringRuns = 0;
        var pauseDuringRuns = TimeSpan.Zero;
        // A backtest as the app starts one: fresh settings, a fresh strategy, the run before it dropped first.
        BacktestRun Backtest()
        {
            var fresh = Fresh();
            var strategy = definition.Build(new Dictionary<string, string?>()).Strategy!;
            run = null;
            return Backtester.Run(strategy, data, fresh);
        }
        for (var round = -3; round < rounds; round++) // three warm-up rounds for tiered compilation
        {
            run = null; // nothing of the run before is kept alive while the next runs (a backtest of the app has nothing else to hold)
            Settle();
            var collections = GC.CollectionCount(0);
            var paused = GC.GetTotalPauseDuration();
            var watch = Stopwatch.StartNew();
            for (var b = 0; b < batch; b++) run = Backtest();
            if (round >= 0) bestBacktest = Math.Min(bestBacktest, watch.Elapsed.TotalSeconds / batch);
            if (round >= 0) collectionsDuringRuns += GC.CollectionCount(0) - collections;
            if (round >= 0) pauseDuringRuns += GC.GetTotalPauseDuration() - paused;
            Settle();
            watch.Restart();
            for (var b = 0; b < batch; b++) check = BareRsi(data, 14);
            if (round >= 0) bestBare = Math.Min(bestBare, watch.Elapsed.TotalSeconds / batch);

            run = null;
            Settle();
            watch.Restart();
            run = Backtest();
            if (round >= 0) bestColdBacktest = Math.Min(bestColdBacktest, watch.Elapsed.TotalSeconds);
            Settle();
            watch.Restart();
            check = BareRsi(data, 14);
            if (round >= 0) bestColdBare = Math.Min(bestColdBare, watch.Elapsed.TotalSeconds);
        }
        Console.WriteLine("== Backtest throughput ({0:N0} one-minute bars, RSI(14) mean reversion, fills + charges, one core; best of {1} batches of {2})", bars, rounds, batch);
        Console.WriteLine("   backtest (Backtester.Run)      : {0,14:N0} bars/s  ({1:N0} trades, {2:N0} unfilled, charges {3}; {4} collections in the measured batches, {5:F1} ms paused)",
            bars / bestBacktest, run!.Trades.Count, run.UnfilledSignals, IndianFormat.Rupees(run.Charges), collectionsDuringRuns, pauseDuringRuns.TotalMilliseconds);
        Console.WriteLine("   bare Wilder RSI loop, same bars: {0,14:N0} bars/s  (check {1:0.##})", bars / bestBare, check);
        Console.WriteLine("   ratio                          : {0,14:F2}  (goals: >= 20,000,000 bars/s and >= 0.50)", bestBare / bestBacktest);
        Console.WriteLine("   cold: one backtest after a full collection {0:N0} bars/s, bare loop {1:N0} bars/s, ratio {2:F2}",
            bars / bestColdBacktest, bars / bestColdBare, bestColdBare / bestColdBacktest);
        // Where the time goes (best of 5 each): one fill's charges, the strategy fed bars without the backtest around it.
        {
            static double Best(Action run)
            {
                var best = double.MaxValue;
                for (var r = 0; r < 5; r++) { Settle(); var w = Stopwatch.StartNew(); run(); best = Math.Min(best, w.Elapsed.TotalSeconds); }
                return best;
            }
            var day = IndianTime.DateOf(data[0].Time);
            Console.WriteLine("   breakdown: charges of one fill : {0,14:N0} ns  (100,000 fills, 1,000 prices, fresh settings)", 1e9 / 100_000 * Best(() =>
            {
                var charge = Fresh().Charges;
                for (var f = 0; f < 100_000; f++) charge(f % 2 == 0 ? OrderSide.Buy : OrderSide.Sell, 10, 1_400m + f % 1_000 * 0.05m, day);
            }));
            Console.WriteLine("   breakdown: RSI strategy alone  : {0,14:N0} bars/s", bars / Best(() =>
            {
                var rsiOnly = definition.Build(new Dictionary<string, string?>()).Strategy!;
                foreach (var bar in data) rsiOnly.OnBar(bar, StrategyPosition.Flat);
            }));
        }
        var guard = Stopwatch.StartNew();
        LookAheadGuard.Check(_ => definition.Build(new Dictionary<string, string?>()).Strategy!, data);
        Console.WriteLine("   look-ahead guard (4 prefixes)  : {0,14:F2} s", guard.Elapsed.TotalSeconds);

        // The engine: 10,000 warmed-up activations over 50 symbols, each told about the bar that just closed.
        var runners = new StrategyRunner[activations];
        var symbols = 50;
        var perSymbol = new Bar[symbols][];
        for (var s = 0; s < symbols; s++) perSymbol[s] = data.Skip(s * 1_000).Take(StrategyRunner.WarmUpWindow(definition.Create(Default(definition))) + 1).ToArray();
        for (var i = 0; i < activations; i++)
        {
            runners[i] = new StrategyRunner(definition.Build(new Dictionary<string, string?> { ["period"] = (2 + i % 40).ToString() }).Strategy!);
            var history = perSymbol[i % symbols];
            runners[i].WarmUp(history[..^1], StrategyPosition.Flat);
        }
        var evaluate = Stopwatch.StartNew();
        var signals = 0;
        for (var i = 0; i < activations; i++)
        {
            var bar = perSymbol[i % symbols][^1];
            if (runners[i].Feed(bar with { Time = bar.Time.AddMinutes(1) }, StrategyPosition.Flat) != Signal.None) signals++;
        }
        var seconds = evaluate.Elapsed.TotalSeconds;
        Console.WriteLine("== Engine: {0:N0} active activations on {1} symbols, one closed bar each (orders not sent)", activations, symbols);
        Console.WriteLine("   all signals evaluated in       : {0,14:F4} s  ({1:N0} signals; goal <= 1 s)", seconds, signals);
    }

    /// <summary>A full collection between measured runs (as BenchmarkDotNet forces one): one run's garbage is not collected in the next one's time.</summary>
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static StrategyParameters Default(StrategyDefinition d) => StrategyParameters.Parse(d.Schema, new Dictionary<string, string?>()).Parameters!;

    /// <summary>The generated demo history of one symbol, repeated over enough IST sessions.</summary>
    private static List<Bar> History(int bars)
    {
        var days = new List<DateOnly>();
        for (var day = new DateOnly(2020, 1, 1); days.Count * 375 < bars; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) days.Add(day);
        }
        return DemoCandleHistory.Generate(new InstrumentKey(Exchange.NSE, "2885"), 1_400m, 0.05m, days).Take(bars)
            .Select(c => new Bar(c.Time, c.Open, c.High, c.Low, c.Close, c.Volume)).ToList();
    }

    /// <summary>Wilder's RSI over the same bars' closes with nothing else: no strategy, no fills, no charges, no equity.</summary>
    private static double BareRsi(List<Bar> bars, int period)
    {
        double gain = 0, loss = 0, sum = 0;
        for (var i = 1; i < bars.Count; i++)
        {
            var change = bars[i].CloseValue - bars[i - 1].CloseValue;
            var up = change > 0 ? change : 0;
            var down = change < 0 ? -change : 0;
            if (i <= period)
            {
                gain += up / period;
                loss += down / period;
                continue;
            }
            gain = (gain * (period - 1) + up) / period;
            loss = (loss * (period - 1) + down) / period;
            sum += loss == 0 ? 100 : 100 - 100 / (1 + gain / loss);
        }
        return sum / bars.Count;
    }

    private static ChargeCalculator Charges()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, MarketRatesSettings.FileName), optional: false).Build();
        var services = new ServiceCollection();
        services.AddOptions<ChargeRates>().Bind(configuration.GetSection(ChargeRates.Section));
        return new ChargeCalculator(services.BuildServiceProvider().GetRequiredService<IOptionsMonitor<ChargeRates>>());
    }
}
