using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Trading.Data.Entities;
using Trading.Web.Features.Orders;

namespace Trading.Benchmarks;

/// <summary>
/// The blotter's page query (50 rows, status + symbol filter, newest first, keyset) through <see cref="OrderQuery"/> at
/// 1M orders (10M with BENCH_BLOTTER_ROWS=10000000) against the same keyset SQL sent raw, walking 100 pages deep.
/// </summary>
public static class BlotterBenchmark
{
    private static readonly string[] Symbols = ["RELIANCE-EQ", "TCS-EQ", "INFY-EQ", "HDFCBANK-EQ", "SBIN-EQ", "ITC-EQ", "LT-EQ", "AXISBANK-EQ"];
    private static readonly string[] Statuses = ["Filled", "Filled", "Filled", "Cancelled", "Rejected", "Open"];

    public static async Task RunAsync(int rows)
    {
        await using var app = await BenchApp.StartAsync();
        var userId = await app.CreateTraderAsync();
        var load = Stopwatch.StartNew();
        await LoadAsync(app.ConnectionString, userId, rows);
        Console.WriteLine("== Blotter page at {0:N0} orders (loaded in {1:F1} s; 12 monthly partitions)", rows, load.Elapsed.TotalSeconds);

        var query = app.Services.GetRequiredService<OrderQuery>();
        var filter = new OrderFilter(OrderStatus.Filled, "SBIN");
        var app1 = new List<double>();
        var raw = new List<double>();
        await using var dataSource = NpgsqlDataSource.Create(app.ConnectionString);
        for (var round = 0; round < 3; round++)
        {
            OrderCursor? cursor = null;
            (DateTime, Guid)? rawCursor = null;
            for (var page = 0; page < 100; page++)
            {
                var watch = Stopwatch.StartNew();
                var items = await query.PageAsync(userId, filter, cursor, 50);
                if (round > 0) app1.Add(watch.Elapsed.TotalMilliseconds);
                if (items.Count == 0) break;
                cursor = new OrderCursor(items[^1].CreatedAt, items[^1].Id);

                watch.Restart();
                var rawItems = await RawPageAsync(dataSource, userId, rawCursor);
                if (round > 0) raw.Add(watch.Elapsed.TotalMilliseconds);
                if (rawItems.Count != items.Count || rawItems[^1].Id != items[^1].Id) throw new InvalidOperationException($"Raw and app pages differ at page {page}.");
                rawCursor = rawItems[^1];
            }
        }
        app1.Sort();
        raw.Sort();
        Console.WriteLine("   {0,-10} {1,10} {2,10} {3,10}", "", "p50 ms", "p95 ms", "p99 ms");
        Console.WriteLine("   {0,-10} {1,10:F2} {2,10:F2} {3,10:F2}", "OrderQuery", Stats.Percentile(app1, 0.5), Stats.Percentile(app1, 0.95), Stats.Percentile(app1, 0.99));
        Console.WriteLine("   {0,-10} {1,10:F2} {2,10:F2} {3,10:F2}", "raw SQL", Stats.Percentile(raw, 0.5), Stats.Percentile(raw, 0.95), Stats.Percentile(raw, 0.99));
        Console.WriteLine("   p95 ratio (OrderQuery / raw): {0:F2}  (goal <= 1.5)", Stats.Percentile(app1, 0.95) / Stats.Percentile(raw, 0.95));
    }

    private static async Task<List<(DateTime CreatedAt, Guid Id)>> RawPageAsync(NpgsqlDataSource dataSource, Guid userId, (DateTime CreatedAt, Guid Id)? after)
    {
        var sql = """
            SELECT o.id, o.user_id, o.broker_account_id, o.user_strategy_id, o.trading_session_id, o.client_order_id, o.broker_order_id, o.exchange,
                   o.trading_symbol, o.symbol_token, o.side, o.order_type, o.product_type, o.variety, o.validity, o.quantity, o.price, o.trigger_price,
                   o.stop_loss, o.target, o.status, o.filled_quantity, o.average_fill_price, o.error_code, o.error_message, o.source, o.tag,
                   o.created_at, o.updated_at, o.version
            FROM orders o
            WHERE o.user_id = @user AND o.status = 'Filled' AND o.trading_symbol LIKE 'SBIN%'
            """ + (after is null ? "" : " AND (o.created_at < @at OR (o.created_at = @at AND o.id < @id))") + """
             ORDER BY o.created_at DESC, o.id DESC LIMIT 50
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("user", userId);
        if (after is { } a)
        {
            command.Parameters.AddWithValue("at", NpgsqlDbType.TimestampTz, a.CreatedAt);
            command.Parameters.AddWithValue("id", a.Id);
        }
        var rows = new List<(DateTime, Guid)>(50);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++) _ = reader.GetValue(i); // materialise the whole row, as the app does
            rows.Add((reader.GetFieldValue<DateTime>(27), reader.GetGuid(0)));
        }
        return rows;
    }

    private static async Task LoadAsync(string connectionString, Guid userId, int rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var start = DateTime.UtcNow.AddMonths(-11);
        for (var month = 0; month < 12; month++)
        {
            var m = new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(month);
            var name = OrderPartitionMaintenance.PartitionName(m);
            await using var exists = new NpgsqlCommand($"SELECT to_regclass('{name}') IS NOT NULL", connection);
            if (!(bool)(await exists.ExecuteScalarAsync())!)
            {
                await new NpgsqlCommand($"CREATE TABLE {name} PARTITION OF orders FOR VALUES FROM ('{m:yyyy-MM-dd}') TO ('{m.AddMonths(1):yyyy-MM-dd}')", connection).ExecuteNonQueryAsync();
            }
        }
        var random = new Random(11);
        var span = (DateTime.UtcNow - start).TotalSeconds;
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY orders (id, user_id, client_order_id, exchange, trading_symbol, symbol_token, side, order_type, product_type, variety, validity, quantity, status, filled_quantity, source, created_at, updated_at, version) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < rows; i++)
            {
                var created = start.AddSeconds(random.NextDouble() * span);
                await writer.StartRowAsync();
                await writer.WriteAsync(Guid.CreateVersion7(new DateTimeOffset(created)), NpgsqlDbType.Uuid);
                await writer.WriteAsync(userId, NpgsqlDbType.Uuid);
                await writer.WriteAsync($"b-{i}", NpgsqlDbType.Varchar);
                await writer.WriteAsync("NSE", NpgsqlDbType.Varchar);
                await writer.WriteAsync(Symbols[i % Symbols.Length], NpgsqlDbType.Varchar);
                await writer.WriteAsync("3045", NpgsqlDbType.Varchar);
                await writer.WriteAsync(i % 2 == 0 ? "Buy" : "Sell", NpgsqlDbType.Varchar);
                await writer.WriteAsync("Market", NpgsqlDbType.Varchar);
                await writer.WriteAsync("Intraday", NpgsqlDbType.Varchar);
                await writer.WriteAsync("Normal", NpgsqlDbType.Varchar);
                await writer.WriteAsync("Day", NpgsqlDbType.Varchar);
                await writer.WriteAsync(1 + i % 50, NpgsqlDbType.Integer);
                await writer.WriteAsync(Statuses[random.Next(Statuses.Length)], NpgsqlDbType.Varchar);
                await writer.WriteAsync(0, NpgsqlDbType.Integer);
                await writer.WriteAsync("Manual", NpgsqlDbType.Varchar);
                await writer.WriteAsync(created, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(created, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(0L, NpgsqlDbType.Bigint);
            }
            await writer.CompleteAsync();
        }
        await new NpgsqlCommand("ANALYZE orders", connection).ExecuteNonQueryAsync();
    }
}
