using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Trading.Data.Entities;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;

namespace Trading.Benchmarks;

/// <summary>
/// Paper MARKET orders through the whole pipeline (validate, pre-trade checks, idempotent insert, paper broker, fill,
/// trade, position, events) against a raw Npgsql baseline that inserts the same order row plus one event row in one
/// transaction. Both at 1 and 8 concurrent callers.
/// </summary>
public static class OrderPipelineBenchmark
{
    public static async Task RunAsync(int ordersPerRun = 400)
    {
        await RunVariantAsync(ordersPerRun, fill: false, instruments: 1);
        await RunVariantAsync(ordersPerRun, fill: true, instruments: 1);
        await RunVariantAsync(ordersPerRun, fill: true, instruments: Tokens.Length);
    }

    // NSE equities of the shipped sample master.
    private static readonly string[] Tokens = ["3045", "2885", "11536", "1333", "1594", "4963", "1394", "1660"];

    /// <param name="fill">MARKET orders that fill at once (placement + fill + trade + position), or LIMIT orders far from
    /// the market (placement only: accepted and resting at the broker, as a real broker's reply would be).</param>
    /// <param name="instruments">How many instruments the orders go round: fills of one position take turns, so with one
    /// instrument every fill waits for the one before it.</param>
    private static async Task RunVariantAsync(int ordersPerRun, bool fill, int instruments)
    {
        await using var app = await BenchApp.StartAsync();
        var userId = await app.CreateTraderAsync();
        var accountId = await app.AccountOfAsync(userId);
        var pipeline = app.Services.GetRequiredService<OrderPipeline>();
        foreach (var token in Tokens.Take(instruments))
        {
            await app.Services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(new InstrumentKey(Exchange.NSE, token), 800m, DateTime.UtcNow),
                CancellationToken.None);
        }

        // Warm-up (JIT, pools), not measured.
        await RunPipelineAsync(pipeline, userId, "warm", 40, 4, fill, instruments);
        await RunRawAsync(app.ConnectionString, userId, accountId, "warm", 40, 4, fill);

        Console.WriteLine("== Order placement, paper broker on PostgreSQL ({0} orders per run, {1}, {2})", ordersPerRun,
            fill ? "MARKET orders filled at once: order, fill, trade, position" : "LIMIT orders resting at the broker: placement only",
            instruments == 1 ? "one instrument" : $"{instruments} instruments");
        Console.WriteLine("   {0,-9} {1,8} {2,14} {3,12} {4,12}", "", "callers", "orders/s", "p50 ms", "p99 ms");
        var results = new Dictionary<(string, int), double>();
        foreach (var callers in new[] { 1, 8 })
        {
            var pipe = await RunPipelineAsync(pipeline, userId, $"p{callers}{fill}", ordersPerRun, callers, fill, instruments);
            var raw = await RunRawAsync(app.ConnectionString, userId, accountId, $"r{callers}{fill}", ordersPerRun, callers, fill);
            Print("pipeline", callers, pipe);
            Print("raw SQL", callers, raw);
            results[("pipeline", callers)] = pipe.Throughput;
            results[("raw", callers)] = raw.Throughput;
        }
        Console.WriteLine("   ratio at 8 callers (pipeline / raw): {0:F2}  (goal >= 0.50); at 1 caller: {1:F2}",
            results[("pipeline", 8)] / results[("raw", 8)], results[("pipeline", 1)] / results[("raw", 1)]);
    }

    private sealed record Run(double Throughput, double P50, double P99);

    private static void Print(string name, int callers, Run run) =>
        Console.WriteLine("   {0,-9} {1,8} {2,14:N0} {3,12:F2} {4,12:F2}", name, callers, run.Throughput, run.P50, run.P99);

    private static Task<Run> RunPipelineAsync(OrderPipeline pipeline, Guid userId, string prefix, int count, int callers, bool fill, int instruments) =>
        MeasureAsync(count, callers, async i =>
        {
            var result = await pipeline.PlaceAsync(new PlaceOrderRequest(userId, $"{prefix}-{i}", Exchange.NSE, Tokens[i % instruments],
                fill ? (i / instruments % 2 == 0 ? OrderSide.Buy : OrderSide.Sell) : OrderSide.Buy, fill ? OrderType.Market : OrderType.Limit,
                ProductType.Intraday, OrderVariety.Normal, OrderValidity.Day, 1, fill ? null : 500m));
            if (!result.Accepted || result.Order!.Status != (fill ? OrderStatus.Filled : OrderStatus.Open))
            {
                throw new InvalidOperationException($"Order {i} was not filled: {result.Message} {result.Order?.Status}");
            }
        });

    /// <summary>The same order row the pipeline stores (account, symbol, price, tag) and its first event, in one transaction.</summary>
    private static async Task<Run> RunRawAsync(string connectionString, Guid userId, Guid accountId, string prefix, int count, int callers, bool fill)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return await MeasureAsync(count, callers, async i =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var id = Guid.CreateVersion7();
            var now = DateTime.UtcNow;
            await using (var insert = new NpgsqlCommand("""
                INSERT INTO orders (id, user_id, broker_account_id, client_order_id, exchange, trading_symbol, symbol_token, side, order_type, product_type, variety,
                    validity, quantity, price, status, filled_quantity, source, tag, created_at, updated_at, version)
                VALUES (@id, @user, @account, @client, 'NSE', 'SBIN-EQ', '3045', 'Buy', @type, 'Intraday', 'Normal', 'Day', 1, @price, 'PendingSubmit', 0, 'Manual', @tag, @now, @now, 0)
                """, connection, transaction))
            {
                insert.Parameters.AddWithValue("account", accountId);
                insert.Parameters.AddWithValue("type", fill ? "Market" : "Limit");
                insert.Parameters.AddWithValue("price", fill ? DBNull.Value : 500m);
                insert.Parameters.AddWithValue("tag", "o" + id.ToString("N")[..12]);
                insert.Parameters.AddWithValue("id", id);
                insert.Parameters.AddWithValue("user", userId);
                insert.Parameters.AddWithValue("client", $"{prefix}-{i}");
                insert.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
                await insert.ExecuteNonQueryAsync();
            }
            await using (var evt = new NpgsqlCommand("""
                INSERT INTO order_events (order_id, user_id, to_status, message, occurred_at) VALUES (@id, @user, 'PendingSubmit', 'Manual order received: Buy 1 SBIN-EQ Limit.', @now)
                """, connection, transaction))
            {
                evt.Parameters.AddWithValue("id", id);
                evt.Parameters.AddWithValue("user", userId);
                evt.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
                await evt.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        });
    }

    /// <summary>Places orders 0..count-1 from <paramref name="callers"/> concurrent callers; throughput and latency percentiles.</summary>
    private static async Task<Run> MeasureAsync(int count, int callers, Func<int, Task> placeOne)
    {
        var next = -1;
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var start = Stopwatch.GetTimestamp();
                await placeOne(i);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })));
        var elapsed = clock.Elapsed;
        var sorted = latencies.OrderBy(x => x).ToList();
        return new Run(count / elapsed.TotalSeconds, Stats.Percentile(sorted, 0.50), Stats.Percentile(sorted, 0.99));
    }
}
