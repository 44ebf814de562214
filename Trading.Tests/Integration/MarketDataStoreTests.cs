using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Broker;
using Trading.Web.Features.MarketData;

namespace Trading.Tests.Integration;

[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class MarketDataStoreTests
{
    [Fact]
    public async Task The_ltp_cache_on_real_redis_keeps_prices_and_previous_close_across_ltp_only_ticks()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.RedisConnectionString);
        var cache = new RedisLtpCache(redis);
        var token = Guid.NewGuid().ToString("N")[..8];
        var a = new InstrumentKey(Exchange.NSE, token);
        var b = new InstrumentKey(Exchange.MCX, token);
        var at = new DateTime(2026, 11, 27, 5, 0, 0, 123, DateTimeKind.Utc);

        await cache.SetAsync(new Tick(a, 2500.75m, at, PreviousClose: 2480.10m));
        await cache.SetAsync(new Tick(a, 2501.30m, at.AddSeconds(1))); // an LTP-mode tick: no close
        await cache.SetAsync(new Tick(b, 71234.00m, at));

        var snapshot = await cache.GetAsync(a);
        Assert.Equal((2501.30m, 2480.10m, at.AddSeconds(1)), (snapshot!.LastPrice, snapshot.PreviousClose!.Value, snapshot.UpdatedAt));
        Assert.Equal(21.20m, snapshot.Change);
        Assert.Equal(0.85m, snapshot.ChangePercent);
        var many = await cache.GetManyAsync([a, b, new InstrumentKey(Exchange.BSE, token)]);
        Assert.Equal(2, many.Count);
        Assert.Equal(71234.00m, many[b].LastPrice);
        Assert.Null(many[b].PreviousClose);
        Assert.Equal($"2501.30|2480.10|{new DateTimeOffset(at.AddSeconds(1)).ToUnixTimeMilliseconds()}",
            (string?)await redis.GetDatabase().HashGetAsync(RedisLtpCache.HashKey, a.ToString()));
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task The_shipped_master_imports_idempotently_and_search_finds_by_prefix(string provider)
    {
        await using var postgres = new PostgresDatabase();
        var file = Path.Combine(Path.GetTempPath(), $"instruments-{Guid.NewGuid():N}.db");
        TradingAppFactory app;
        if (provider == "Postgres")
        {
            await postgres.InitializeAsync();
            app = TradingAppFactory.ForPostgres(postgres.ConnectionString);
        }
        else
        {
            app = TradingAppFactory.ForSqlite(file, seedDemoData: false);
        }
        await using (app)
        {
            var dbFactory = app.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>();
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                // Start-up imported the sample master into the empty database.
                Assert.Equal(70, await db.Instruments.CountAsync());
            }

            var importer = app.Services.GetRequiredService<InstrumentImporter>();
            await using (var master = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "instrument-master.sample.json")))
            {
                var again = await importer.ImportAsync(master, retireMissing: false);
                Assert.Equal((70, 70, 0), (again.Read, again.Imported, again.Skipped));
            }
            var partial = """
                [{"token":"3045","symbol":"SBIN-EQ","name":"SBIN","expiry":"","strike":"-1.000000","lotsize":"1","instrumenttype":"","exch_seg":"NSE","tick_size":"10.000000"},
                 {"token":"","symbol":"BROKEN","name":"","expiry":"","strike":"","lotsize":"","instrumenttype":"","exch_seg":"NSE","tick_size":""},
                 {"token":"99","symbol":"X","name":"X","expiry":"","strike":"","lotsize":"1","instrumenttype":"","exch_seg":"nse_cm","tick_size":"5"},
                 {"token":1234,"symbol":"NEWCO-EQ","name":"NEWCO","expiry":"","strike":-1,"lotsize":1,"instrumenttype":"","exch_seg":"BSE","tick_size":5}]
                """;
            var result = await importer.ImportAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(partial)), retireMissing: true);
            Assert.Equal((4, 2, 2), (result.Read, result.Imported, result.Skipped));
            Assert.Equal(65, result.Retired); // 70 rows minus SBIN (re-listed) minus 4 indices (never tradable)

            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                Assert.Equal(71, await db.Instruments.CountAsync());
                var sbin = await db.Instruments.SingleAsync(i => i.Exchange == Exchange.NSE && i.SymbolToken == "3045");
                Assert.Equal((0.10m, true), (sbin.TickSize, sbin.IsTradable));
                Assert.False((await db.Instruments.SingleAsync(i => i.SymbolToken == "2885")).IsTradable);
                var option = await db.Instruments.SingleAsync(i => i.TradingSymbol == "NIFTY29DEC2626000CE");
                Assert.Equal((26000m, 75, new DateOnly(2026, 12, 29), "OPTIDX", Exchange.NFO), (option.Strike!.Value, option.LotSize, option.Expiry!.Value, option.InstrumentType, option.Exchange));
                var index = await db.Instruments.SingleAsync(i => i.SymbolToken == "99926000");
                Assert.Equal(("Nifty 50", 0.05m), (index.TradingSymbol, index.TickSize));
                Assert.Equal(1234.ToString(), (await db.Instruments.SingleAsync(i => i.TradingSymbol == "NEWCO-EQ")).SymbolToken);
            }

            var search = app.Services.GetRequiredService<InstrumentSearch>();
            var sbinHits = await search.SearchAsync("sbi");
            Assert.Equal(["SBIN-EQ", "SBILIFE-EQ", "SBIN"], sbinHits.Select(i => i.TradingSymbol));
            Assert.Contains(await search.SearchAsync("NIFTY"), i => i.TradingSymbol == "NIFTY29DEC26FUT");
            Assert.Empty(await search.SearchAsync("%"));
            Assert.Empty(await search.SearchAsync("  "));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(file);
    }

    [Fact]
    public async Task Candle_history_imports_from_the_broker_in_chunks_and_from_csv_rejecting_bad_lines()
    {
        await using var postgres = new PostgresDatabase();
        await postgres.InitializeAsync();
        await using var app = TradingAppFactory.ForPostgres(postgres.ConnectionString);
        var importer = app.Services.GetRequiredService<CandleHistoryImporter>();
        var key = new InstrumentKey(Exchange.NSE, "2885");
        var broker = new RecordingBroker();

        var from = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var result = await importer.ImportFromBrokerAsync(broker, key, CandleInterval.OneMinute, from, from.AddDays(75));

        Assert.Equal(3, result.Requests); // 30 + 30 + 15 days: ONE_MINUTE allows 30 days a request
        Assert.Equal([(from, from.AddDays(30)), (from.AddDays(30), from.AddDays(60)), (from.AddDays(60), from.AddDays(75))], broker.Windows);
        Assert.Equal(3, result.Stored);

        var csv = """
            time,open,high,low,close,volume
            2026-11-02 09:15,2500.0,2510.5,2495.0,2505.25,1200
            2026-11-02T09:16:00+05:30,2505.25,2506,2501,2502,900
            2026-11-02 09:17,2502,2500,2501,2503,10
            not-a-date,1,1,1,1,1
            2026-11-02 09:18,2502,2504,2500
            """;
        var fromCsv = await importer.ImportCsvAsync(new StringReader(csv), key, CandleInterval.OneMinute);
        Assert.Equal(2, fromCsv.Stored);
        Assert.Equal(3, fromCsv.Errors.Count);
        Assert.Contains("Line 4: high/low do not contain open and close.", fromCsv.Errors);

        await using var db = app.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
        var stored = await db.Candles.Where(c => c.SymbolToken == "2885" && c.Time >= new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc)).OrderBy(c => c.Time).ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.Equal((new DateTime(2026, 11, 2, 3, 45, 0, DateTimeKind.Utc), 2505.25m, 1200L), (stored[0].Time, stored[0].Close, stored[0].Volume));
    }

    private sealed class RecordingBroker : IBroker
    {
        public List<(DateTime, DateTime)> Windows { get; } = [];
        public BrokerKind Kind => BrokerKind.AngelOne;
        public BrokerCapabilities Capabilities { get; } = new(null, false);
        public TimeSpan MaxCandlePeriod(CandleInterval interval) => TimeSpan.FromDays(Trading.Web.Features.Broker.AngelOne.AngelOneMapping.MaxDaysPerRequest(interval));

        public Task<IReadOnlyList<BrokerCandle>> GetCandlesAsync(Exchange exchange, string symbolToken, CandleInterval interval, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
        {
            Windows.Add((fromUtc, toUtc));
            return Task.FromResult<IReadOnlyList<BrokerCandle>>([new BrokerCandle(fromUtc.AddHours(4), 100, 101, 99, 100.5m, 10)]);
        }

        public Task<BrokerProfile> GetProfileAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<BrokerFunds> GetFundsAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<BrokerOrderResult> PlaceOrderAsync(BrokerOrderRequest request, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<BrokerOrderResult> ModifyOrderAsync(BrokerOrderModification request, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<BrokerOrderResult> CancelOrderAsync(string brokerOrderId, OrderVariety variety, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<IReadOnlyList<BrokerOrder>> GetOrderBookAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<BrokerOrder?> GetOrderAsync(string brokerOrderId, string? uniqueOrderId, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<IReadOnlyList<BrokerTrade>> GetTradeBookAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<IReadOnlyList<BrokerPosition>> GetPositionsAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<IReadOnlyList<BrokerHolding>> GetHoldingsAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task ConvertPositionAsync(PositionConversion conversion, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<int> GetDeliveryQuantityAsync(Exchange exchange, string symbolToken, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<MarginQuote> GetRequiredMarginAsync(BrokerOrderRequest request, decimal? lastPrice, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<BrokerQuote> GetLtpAsync(Exchange exchange, string tradingSymbol, string symbolToken, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<IReadOnlyList<BrokerInstrument>> SearchInstrumentsAsync(Exchange exchange, string query, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    }
}
