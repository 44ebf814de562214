using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Trading.Data;
using Trading.Web.Features.MarketData;

namespace Trading.Benchmarks;

/// <summary>Imports a generated master of N rows (Angel One's JSON shape) into an empty PostgreSQL database, then again (all updates).</summary>
public static class InstrumentImportBenchmark
{
    public static async Task RunAsync(int rows)
    {
        var admin = Environment.GetEnvironmentVariable("TRADING_TEST_POSTGRES") ?? throw new InvalidOperationException("Run through scripts/bench.sh");
        var name = "trading_bench_" + Guid.NewGuid().ToString("N")[..8];
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c).ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        try
        {
            await using var services = new ServiceCollection().AddTradingDbContext(DatabaseProvider.Postgres, connectionString).BuildServiceProvider();
            var dbFactory = services.GetRequiredService<IDbContextFactory<TradingDbContext>>();
            await using (var db = await dbFactory.CreateDbContextAsync()) await db.Database.MigrateAsync();

            var json = Generate(rows);
            var importer = new InstrumentImporter(dbFactory, new PostgresInstrumentWrites(services.GetRequiredService<Npgsql.NpgsqlDataSource>()), new InstrumentCatalog(dbFactory, TimeProvider.System), TimeProvider.System, NullLogger<InstrumentImporter>.Instance);
            var watch = Stopwatch.StartNew();
            var first = await importer.ImportAsync(new MemoryStream(json), retireMissing: true);
            var insertSeconds = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var second = await importer.ImportAsync(new MemoryStream(json), retireMissing: true);
            var updateSeconds = watch.Elapsed.TotalSeconds;
            await using var check = await dbFactory.CreateDbContextAsync();
            var stored = await check.Instruments.CountAsync();

            Console.WriteLine("== Instrument master import into PostgreSQL ({0:N0} generated rows, {1:N1} MB of JSON, streamed)", rows, json.Length / 1_048_576.0);
            Console.WriteLine("   empty table    : {0,8:F2} s  ({1:N0} rows stored)  (goal <= 15 s)", insertSeconds, first.Imported);
            Console.WriteLine("   re-import      : {0,8:F2} s  ({1:N0} rows updated)", updateSeconds, second.Imported);
            Console.WriteLine("   rows in table  : {0,8:N0}", stored);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(admin);
            await c.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", c).ExecuteNonQueryAsync();
        }
    }

    private static byte[] Generate(int rows)
    {
        var builder = new StringBuilder(rows * 190);
        builder.Append('[');
        string[] segments = ["NSE", "NFO", "BSE", "BFO", "MCX", "CDS"];
        string[] types = ["", "FUTIDX", "OPTIDX", "OPTSTK", "FUTSTK", "FUTCOM"];
        for (var i = 0; i < rows; i++)
        {
            if (i > 0) builder.Append(",\n");
            var segment = segments[i % segments.Length];
            var type = segment == "NSE" || segment == "BSE" ? "" : types[1 + i % (types.Length - 1)];
            builder.Append("{\"token\":\"").Append(100_000 + i).Append("\",\"symbol\":\"SYM").Append(i).Append(type.Length == 0 ? "-EQ" : "26DEC26FUT")
                .Append("\",\"name\":\"NAME").Append(i % 5000).Append("\",\"expiry\":\"").Append(type.Length == 0 ? "" : "29DEC2026")
                .Append("\",\"strike\":\"").Append(type.StartsWith("OPT") ? (2_500_000 + i % 100 * 5000).ToString() : "-1.000000")
                .Append("\",\"lotsize\":\"").Append(type.Length == 0 ? 1 : 75).Append("\",\"instrumenttype\":\"").Append(type)
                .Append("\",\"exch_seg\":\"").Append(segment).Append("\",\"tick_size\":\"5.000000\"}");
        }
        builder.Append(']');
        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
