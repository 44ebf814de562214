using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.MarketData;

/// <summary>
/// The embedded default's feed: a random walk per subscribed instrument, about 1–3 ticks a second each, prices on
/// the instrument's tick size. It starts from the last cached price, else a stable made-up price for the symbol.
/// </summary>
public sealed class SimulatedMarketFeed(
    MarketDataPipeline pipeline,
    ILtpCache cache,
    IDbContextFactory<TradingDbContext> dbFactory,
    RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition, IMarketFeed
{
    private readonly ConcurrentDictionary<InstrumentKey, Walk> _walks = new();
    private readonly Random _random = new();
    private DateTime? _lastTickAt;

    string IMarketFeed.Name => "Simulated";
    public bool IsConnected => true;
    public DateTime? LastTickAt => _lastTickAt;

    public static string JobName => "SimulatedFeed";

    /// <summary>A step every 200 ms; each instrument moves on about a third of them.</summary>
    public static JobSchedule DefaultSchedule => new() { Every = TimeSpan.FromMilliseconds(200), RetryAfter = TimeSpan.FromSeconds(1), MaxRetryAfter = TimeSpan.FromSeconds(10) };

    public async Task SubscribeAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken = default)
    {
        foreach (var key in instruments.Where(k => !_walks.ContainsKey(k)))
        {
            _walks.TryAdd(key, await StartWalkAsync(key, cancellationToken));
        }
    }

    public Task UnsubscribeAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken = default)
    {
        foreach (var key in instruments) _walks.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    protected override Task RunAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        foreach (var (key, walk) in _walks)
        {
            if (_random.NextDouble() > 0.35) continue;
            pipeline.TryWrite(walk.Step(key, _random, now));
            _lastTickAt = now;
        }
        return Task.CompletedTask;
    }

    private async Task<Walk> StartWalkAsync(InstrumentKey key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var instrument = await db.Instruments.AsNoTracking()
            .Where(i => i.Exchange == key.Exchange && i.SymbolToken == key.Token)
            .Select(i => new { i.TickSize, i.InstrumentType, i.TradingSymbol })
            .FirstOrDefaultAsync(cancellationToken);
        var tickSize = instrument?.TickSize is > 0 ? instrument.TickSize : 0.05m;
        var cached = await cache.GetAsync(key, cancellationToken);
        var start = cached?.LastPrice ?? ReferencePrice(key, instrument?.InstrumentType);
        return new Walk(RoundToTick(start, tickSize), cached?.PreviousClose ?? RoundToTick(start, tickSize), tickSize);
    }

    /// <summary>A stable, plausible price for a symbol the feed has never seen: indices in the tens of thousands.</summary>
    internal static decimal ReferencePrice(InstrumentKey key, string? instrumentType)
    {
        var seed = 0;
        foreach (var c in key.ToString()) seed = unchecked(seed * 31 + c);
        var unit = (uint)seed % 10_000 / 10_000m;
        return instrumentType switch
        {
            "AMXIDX" => 15_000m + unit * 45_000m,
            "FUTIDX" => 20_000m + unit * 30_000m,
            "OPTIDX" or "OPTSTK" => 20m + unit * 400m,
            "FUTCOM" => 5_000m + unit * 70_000m,
            _ => 100m + unit * 3_900m,
        };
    }

    internal static decimal RoundToTick(decimal price, decimal tickSize) =>
        Math.Max(tickSize, Math.Round(price / tickSize, MidpointRounding.AwayFromZero) * tickSize);

    private sealed class Walk(decimal price, decimal previousClose, decimal tickSize)
    {
        private decimal _price = price;
        private decimal _open = price;
        private decimal _high = price;
        private decimal _low = price;
        private long _volume;

        public Tick Step(InstrumentKey key, Random random, DateTime now)
        {
            // Gaussian step of about 0.03% with a slight pull back toward the previous close.
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var drift = (double)((previousClose - _price) / previousClose) * 0.002;
            var next = _price * (1 + (decimal)(gaussian * 0.0003 + drift));
            _price = RoundToTick(next, tickSize);
            _high = Math.Max(_high, _price);
            _low = Math.Min(_low, _price);
            var quantity = random.Next(1, 500);
            _volume += quantity;
            return new Tick(key, _price, now, quantity, _volume, _open, _high, _low, previousClose);
        }
    }
}
