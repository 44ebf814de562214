using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Infrastructure;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.MarketData;

/// <summary>
/// The embedded default's history: 1-minute bars of a few demo symbols for the last <c>Trading:DemoHistoryDays</c>
/// trading days (09:15–15:29 IST), a seeded random walk per symbol that ends at the price the simulated feed starts
/// from, so a backtest works on a fresh clone and live strategies warm up. The same symbol and days always give the
/// same bars. Written once; days that already have candles are left alone.
/// </summary>
public static class DemoCandleHistory
{
    public static readonly InstrumentKey[] Symbols = [new(Exchange.NSE, "2885"), new(Exchange.NSE, "11536"), new(Exchange.NSE, "1594")];

    public static IEnumerable<Candle> Generate(InstrumentKey key, decimal endPrice, decimal tickSize, IReadOnlyList<DateOnly> days)
    {
        var seed = 17;
        foreach (var c in key.ToString()) seed = unchecked(seed * 31 + c);
        var random = new Random(seed);
        var closes = new double[days.Count * 375];
        var opens = new double[closes.Length];
        var highs = new double[closes.Length];
        var lows = new double[closes.Length];
        double price = 1000;
        for (int d = 0, i = 0; d < days.Count; d++)
        {
            price *= 1 + Gaussian(random) * 0.006; // overnight gap
            var anchor = price;
            for (var m = 0; m < 375; m++, i++)
            {
                var open = price;
                // About 0.08% a minute, pulled gently back toward the day's open: trends and reversals both happen.
                price *= 1 + Gaussian(random) * 0.0008 + (anchor - price) / anchor * 0.002;
                var spread = Math.Abs(Gaussian(random)) * 0.0004 * price;
                (opens[i], closes[i]) = (open, price);
                highs[i] = Math.Max(open, price) + spread;
                lows[i] = Math.Min(open, price) - spread;
            }
        }
        var scale = closes.Length == 0 ? 1 : (double)endPrice / closes[^1];
        decimal Tick(double v) => Math.Max(tickSize, Math.Round((decimal)(v * scale) / tickSize, MidpointRounding.AwayFromZero) * tickSize);
        for (int d = 0, i = 0; d < days.Count; d++)
        {
            var start = IndianTime.StartOfDayUtc(days[d]).AddHours(9).AddMinutes(15);
            for (var m = 0; m < 375; m++, i++)
            {
                var (open, close) = (Tick(opens[i]), Tick(closes[i]));
                yield return new Candle
                {
                    Exchange = key.Exchange, SymbolToken = key.Token, Interval = CandleInterval.OneMinute, Time = start.AddMinutes(m),
                    Open = open, Close = close, High = Math.Max(Math.Max(open, close), Tick(highs[i])), Low = Math.Min(Math.Min(open, close), Tick(lows[i])),
                    Volume = 1_000 + random.Next(50_000),
                };
            }
        }
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>The last <paramref name="count"/> trading days of the exchange before <paramref name="today"/>.</summary>
    public static IReadOnlyList<DateOnly> TradingDaysBefore(MarketCalendar calendar, Exchange exchange, DateOnly today, int count)
    {
        var days = new List<DateOnly>();
        for (var day = today.AddDays(-1); days.Count < count && day > today.AddYears(-5); day = day.AddDays(-1))
        {
            if (calendar.IsTradingDay(exchange, day)) days.Add(day);
        }
        days.Reverse();
        return days;
    }
}

/// <summary>Writes the demo history once at start-up (embedded default with demo data), in the background.</summary>
public sealed class DemoCandleHistoryJob(
    IDbContextFactory<TradingDbContext> dbFactory,
    MarketCalendar calendar,
    IOptions<TradingOptions> options,
    RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition
{
    public static string JobName => "DemoHistory";

    public static JobSchedule DefaultSchedule => new() { FirstRunAfter = TimeSpan.FromSeconds(1), RetryAfter = TimeSpan.FromSeconds(30) };

    /// <summary>Set when the history is written (tests wait for it).</summary>
    public bool Done { get; private set; }

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoData || options.Value.DemoHistoryDays <= 0) { Done = true; return; }
        var today = IndianTime.Today(Time);
        foreach (var key in DemoCandleHistory.Symbols)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var instrument = await db.Instruments.AsNoTracking().FirstOrDefaultAsync(i => i.Exchange == key.Exchange && i.SymbolToken == key.Token, cancellationToken);
            if (instrument is null) continue;
            var days = DemoCandleHistory.TradingDaysBefore(calendar, key.Exchange, today, options.Value.DemoHistoryDays);
            if (days.Count == 0) continue;
            var from = IndianTime.StartOfDayUtc(days[0]);
            var stored = (await db.Candles.AsNoTracking()
                .Where(c => c.Exchange == key.Exchange && c.SymbolToken == key.Token && c.Interval == CandleInterval.OneMinute && c.Time >= from)
                .Select(c => c.Time).ToListAsync(cancellationToken)).Select(IndianTime.DateOf).ToHashSet();
            var end = SimulatedMarketFeed.ReferencePrice(key, instrument.InstrumentType);
            var missing = DemoCandleHistory.Generate(key, end, instrument.TickSize, days).Where(c => !stored.Contains(IndianTime.DateOf(c.Time)));
            foreach (var batch in missing.Chunk(5_000))
            {
                await using var write = await dbFactory.CreateDbContextAsync(cancellationToken);
                write.ChangeTracker.AutoDetectChangesEnabled = false;
                write.Candles.AddRange(batch);
                await write.SaveChangesAsync(cancellationToken);
            }
        }
        Done = true;
    }
}
