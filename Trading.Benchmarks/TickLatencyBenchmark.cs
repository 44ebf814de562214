using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Trading.Data.Entities;
using Trading.Web.Features.MarketData;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Benchmarks;

/// <summary>
/// One tick from the feed's hand-off to a subscriber on another "instance": pipeline → Redis LTP hash → Redis pub/sub →
/// the other instance's listener → its tick hub → the subscriber. Two multiplexers stand for two web instances.
/// </summary>
public static class TickLatencyBenchmark
{
    public static async Task RunAsync(int ticks, int perSecond = 1_000)
    {
        var redisAddress = Environment.GetEnvironmentVariable("TRADING_TEST_REDIS") ?? throw new InvalidOperationException("Run through scripts/bench.sh");
        await using var feedRedis = await ConnectionMultiplexer.ConnectAsync(redisAddress);
        await using var viewerRedis = await ConnectionMultiplexer.ConnectAsync(redisAddress);

        var feedHub = new TickHub(NullLogger<TickHub>.Instance);
        var cache = new RedisLtpCache(feedRedis);
        var pipeline = new MarketDataPipeline(cache, new RedisTickPublisher(feedRedis, feedHub, NullLogger<RedisTickPublisher>.Instance),
            new CandleAggregator(), TimeProvider.System, NullLogger<MarketDataPipeline>.Instance);
        var viewerHub = new TickHub(NullLogger<TickHub>.Instance);
        await using var jobs = new ServiceCollection().AddOptions().AddLogging().AddSingleton(TimeProvider.System).AddSingleton<RecurringJobServices>()
            .BuildServiceProvider();
        var listener = new RedisTickListener(viewerRedis, viewerHub, jobs.GetRequiredService<RecurringJobServices>());
        await pipeline.StartAsync(CancellationToken.None);
        await listener.StartAsync(CancellationToken.None);

        var key = new InstrumentKey(Exchange.NSE, "bench-" + Guid.NewGuid().ToString("N")[..6]);
        var sent = new ConcurrentDictionary<long, long>();
        var latencies = new ConcurrentBag<double>();
        var done = new TaskCompletionSource();
        using var subscription = viewerHub.Subscribe(key, tick =>
        {
            var now = Stopwatch.GetTimestamp();
            if (sent.TryRemove(tick.Volume, out var start))
            {
                latencies.Add(Stopwatch.GetElapsedTime(start, now).TotalMilliseconds);
                if (latencies.Count >= ticks) done.TrySetResult();
            }
            return Task.CompletedTask;
        });
        await Task.Delay(500); // let the listener's pattern subscription settle

        // Warm-up, not measured.
        for (var i = 0; i < 200; i++) pipeline.TryWrite(new Tick(key, 100m, DateTime.UtcNow, 1, -1 - i));
        await Task.Delay(300);

        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var clock = Stopwatch.StartNew();
        for (var i = 1; i <= ticks; i++)
        {
            var due = interval * i;
            while (clock.Elapsed < due) await Task.Yield();
            sent[i] = Stopwatch.GetTimestamp();
            pipeline.TryWrite(new Tick(key, 100m + i % 50 * 0.05m, DateTime.UtcNow, 1, i));
        }
        await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        var sorted = latencies.OrderBy(x => x).ToArray();
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

        Console.WriteLine("== Tick -> LTP cache (Redis) -> live event (Redis pub/sub) -> subscriber on another instance");
        Console.WriteLine("   ticks sent {0:N0} at {1:N0}/s, received {2:N0}", ticks, perSecond, sorted.Length);
        Console.WriteLine("   p50 {0,8:F3} ms   p99 {1,8:F3} ms   max {2,8:F3} ms", Percentile(0.50), Percentile(0.99), sorted.LastOrDefault());

        await listener.StopAsync(CancellationToken.None);
        await pipeline.StopAsync(CancellationToken.None);
    }
}
