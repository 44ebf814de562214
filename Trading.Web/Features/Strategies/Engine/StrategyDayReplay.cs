using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker.Paper;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Strategies.Activations;
using Trading.Web.Features.Strategies.Backtesting;
using Trading.Web.Infrastructure;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Strategies.Engine;

/// <summary>How one activation's day compares with its replay: signals that agree out of all (live or replayed), and both P&amp;Ls after charges.</summary>
public sealed record DayComparison(int Agreeing, int Total, decimal LivePnl, decimal ReplayPnl);

/// <summary>
/// After a trading day, replays every activation that ran that day with the backtester over the day's stored candles
/// (warmed up the way the engine warms up) and stores how its signals and P&amp;L compare with what the engine did:
/// paper or live should behave as the backtest says.
/// </summary>
public sealed class StrategyDayReplay(
    IDbContextFactory<TradingDbContext> dbFactory,
    InstrumentCatalog instruments,
    BacktestService backtests,
    IOptions<PaperOptions> paper,
    TimeProvider time)
{
    /// <summary>Signals as (bar time, signal) on both sides: agreement is what both have, out of what either has.</summary>
    public static (int Agreeing, int Total) Compare(IReadOnlyCollection<(DateTime, Signal)> live, IReadOnlyCollection<(DateTime, Signal)> replay)
    {
        var a = live.ToHashSet();
        var b = replay.ToHashSet();
        return (a.Intersect(b).Count(), a.Union(b).Count());
    }

    public async Task<int> ReplayAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var (dayStart, dayEnd) = (IndianTime.StartOfDayUtc(day), IndianTime.EndOfDayUtc(day));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var activations = await db.UserStrategies.AsNoTracking().Include(u => u.Symbols).Include(u => u.StrategyVersion)
            .Where(u => u.Symbols.Any(s => s.LastBarTime >= dayStart)).ToListAsync(cancellationToken);
        var count = 0;
        foreach (var activation in activations)
        {
            var signals = await db.StrategySignals.AsNoTracking().Where(s => s.UserStrategyId == activation.Id && s.BarTime >= dayStart && s.BarTime < dayEnd)
                .ToListAsync(cancellationToken);
            var fills = await (from t in db.Trades.AsNoTracking()
                               join o in db.Orders.AsNoTracking() on t.OrderId equals o.Id
                               where o.UserStrategyId == activation.Id && t.TradedAt >= dayStart && t.TradedAt < dayEnd
                               select t).ToListAsync(cancellationToken);
            int agreeing = 0, total = 0;
            decimal livePnl = 0, replayPnl = 0;
            // The engine's first live bar is the first one closing after the activation (see StrategyEngine's warm-up).
            var after = activation.ActivatedAt.AddMinutes(-1) > dayStart ? activation.ActivatedAt.AddMinutes(-1) : dayStart.AddTicks(-1);
            foreach (var symbol in activation.Symbols)
            {
                var instrument = await instruments.FindAsync(symbol.Exchange, symbol.SymbolToken, cancellationToken);
                var (strategy, _) = ActivationParameters.Build(activation.StrategyVersion!.BuiltInKey, activation.StrategyVersion.ParameterRangesJson,
                    ActivationParameters.Read(activation.ParametersJson));
                if (instrument is null || strategy is null) continue;
                var dayBars = await db.Candles.AsNoTracking()
                    .Where(c => c.Exchange == symbol.Exchange && c.SymbolToken == symbol.SymbolToken && c.Interval == CandleInterval.OneMinute
                        && c.Time > after && c.Time < dayEnd)
                    .OrderBy(c => c.Time).Select(c => new Bar(c.Time, c.Open, c.High, c.Low, c.Close, c.Volume)).ToListAsync(cancellationToken);
                if (dayBars.Count == 0) continue;
                var first = dayBars[0].Time;
                var warm = await db.Candles.AsNoTracking()
                    .Where(c => c.Exchange == symbol.Exchange && c.SymbolToken == symbol.SymbolToken && c.Interval == CandleInterval.OneMinute && c.Time < first)
                    .OrderByDescending(c => c.Time).Take(StrategyRunner.WarmUpWindow(strategy)).ToListAsync(cancellationToken);
                warm.Reverse();
                var runner = new StrategyRunner(strategy);
                runner.WarmUp(warm.Select(StrategyEngine.ToBar), StrategyPosition.Flat);
                var settings = backtests.Settings(instrument, activation.ProductType, Marketplace.LotSizing.Quantity(activation.Lots, symbol.LotSize),
                    activation.AllocatedCapital, BacktestFillMode.NextOpen, paper.Value.SlippagePercent) with { CloseAtEnd = false };
                var run = Backtester.Run(runner.Strategy, dayBars, settings, cancellationToken: cancellationToken);
                var live = signals.Where(s => s.Exchange == symbol.Exchange && s.SymbolToken == symbol.SymbolToken).Select(s => (s.BarTime, s.Signal)).ToList();
                var lastLive = symbol.LastBarTime ?? dayEnd;
                var (a, t) = Compare(live, run.Signals.Where(s => s.BarTime <= lastLive).ToList());
                agreeing += a;
                total += t;
                replayPnl += run.Equity[^1].Equity - activation.AllocatedCapital; // open positions marked to the day's last close, like the live side
                var summary = RoundTrips.Summarize(fills.Where(f => f.Exchange == symbol.Exchange && f.SymbolToken == symbol.SymbolToken)
                    .Select(f => new StrategyFill(f.TradedAt, f.TradingSymbol, f.Side, f.Quantity, f.Price, f.Charges)));
                livePnl += summary.Realized - summary.Charges + summary.Unrealized(new Dictionary<string, decimal> { [symbol.TradingSymbol] = dayBars[^1].Close });
            }
            var existing = await db.StrategyDayMatches.FirstOrDefaultAsync(m => m.UserStrategyId == activation.Id && m.Day == day, cancellationToken);
            if (existing is null) db.StrategyDayMatches.Add(existing = new StrategyDayMatch { UserStrategyId = activation.Id, Day = day });
            (existing.Agreeing, existing.Total, existing.LivePnl, existing.ReplayPnl, existing.CreatedAt) =
                (agreeing, total, Math.Round(livePnl, 2), Math.Round(replayPnl, 2), time.GetUtcNow().UtcDateTime);
            count++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return count;
    }
}

public sealed class StrategyDayReplayJob(StrategyDayReplay replay, RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition
{
    public static string JobName => "StrategyDayReplay";

    /// <summary>After the equity and F&amp;O close (commodity activations are replayed the next evening for the day before as well).</summary>
    public static JobSchedule DefaultSchedule => new() { DailyAtIst = new TimeOnly(16, 0), SingleInstance = true, RetryAfter = TimeSpan.FromMinutes(1) };

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = IndianTime.Today(Time);
        await replay.ReplayAsync(today.AddDays(-1), cancellationToken);
        await replay.ReplayAsync(today, cancellationToken);
    }
}
