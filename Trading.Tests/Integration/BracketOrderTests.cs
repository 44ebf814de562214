using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Components.Account;
using Trading.Web.Features.Broker;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;

namespace Trading.Tests.Integration;

/// <summary>Bracket (ROBO) orders: simulated on paper with one-cancels-other legs, and imported from Angel One's order book.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class BracketOrderTests : IAsyncLifetime
{
    private static readonly InstrumentKey Sbin = new(Exchange.NSE, "3045");
    private readonly PostgresDatabase _postgres = new();
    private FakeSmartApi _fake = null!;
    private TradingAppFactory _app = null!;
    private Guid _userId;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _fake = await FakeSmartApi.StartAsync();
        _app = TradingAppFactory.ForPostgres(_postgres.ConnectionString).With("MarketData:Feed", "None").With("Paper:SlippagePercent", "0")
            .With("AngelOne:RestBaseUrl", _fake.BaseUrl).With("AngelOne:TimeoutSeconds", "2").WithClock(new MarketHoursClock());
        (_userId, _) = await TestUsers.CreateTraderAsync(_app.Services, 1_000_000m, "Bracket Trader");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _fake.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    private TradingDbContext Db() => _app.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();

    private Task TickAsync(decimal price) => _app.Services.GetRequiredService<MarketDataPipeline>()
        .ProcessAsync(new Tick(Sbin, price, DateTime.UtcNow, PreviousClose: 800m), CancellationToken.None);

    private PlaceOrderRequest Bracket(string id, Guid? account = null) => new(_userId, id, Exchange.NSE, "3045", OrderSide.Buy, OrderType.Limit,
        ProductType.Intraday, OrderVariety.Robo, OrderValidity.Day, 10, Price: 800m, StopLoss: 5m, Target: 10m, BrokerAccountId: account);

    private Task<List<Order>> LegsAsync(Guid parentId, int count) => Eventually.MatchAsync(async () =>
    {
        await using var db = Db();
        return await db.Orders.AsNoTracking().Where(o => o.ParentOrderId == parentId).OrderBy(o => o.OrderType).ToListAsync();
    }, legs => legs.Count == count && legs.All(l => l.Status != OrderStatus.PendingSubmit), $"{count} bracket legs");

    [Fact]
    public async Task On_paper_the_entry_fill_places_a_target_and_a_stop_and_the_first_to_fill_cancels_the_other()
    {
        await TickAsync(800m);
        var entry = await _app.Services.GetRequiredService<OrderPipeline>().PlaceAsync(Bracket("bo-1"));
        Assert.True(entry.Accepted, entry.Message);
        Assert.Equal((OrderStatus.Filled, 800m), (entry.Order!.Status, entry.Order.AverageFillPrice));

        // Filled at 800: the target sells 10 at 800 + 10 = 810, the stop-loss triggers at 800 − 5 = 795. Both are the trader's orders, linked to the entry.
        var legs = await LegsAsync(entry.Order.Id, 2);
        var target = legs.Single(l => l.OrderType == OrderType.Limit);
        var stop = legs.Single(l => l.OrderType == OrderType.StopLossMarket);
        Assert.Equal((OrderSide.Sell, 10, 810m, OrderStatus.Open), (target.Side, target.Quantity, target.Price, target.Status));
        Assert.Equal((OrderSide.Sell, 10, 795m, OrderStatus.TriggerPending), (stop.Side, stop.Quantity, stop.TriggerPrice, stop.Status));

        await TickAsync(805m);
        await TickAsync(810m); // the target fills at its 810; the stop is cancelled, one-cancels-other
        await Eventually.MatchAsync(async () =>
        {
            await using var db = Db();
            return await db.Orders.AsNoTracking().Where(o => o.ParentOrderId == entry.Order.Id).ToDictionaryAsync(o => o.Id, o => o.Status);
        }, s => s[target.Id] == OrderStatus.Filled && s[stop.Id] == OrderStatus.Cancelled, "the target filled and the stop cancelled");

        await TickAsync(790m); // a cancelled stop never fills
        await using var check = Db();
        var position = await check.Positions.AsNoTracking().SingleAsync(p => p.UserId == _userId);
        Assert.Equal((0, 100m), (position.NetQuantity, position.RealizedPnl)); // 10 × (810 − 800)
        Assert.Equal(2, await check.Trades.CountAsync(t => t.UserId == _userId));
        Assert.Contains("one-cancels-other", (await check.Orders.AsNoTracking().SingleAsync(o => o.Id == stop.Id)).ErrorMessage);
    }

    [Fact]
    public async Task Angel_one_bracket_legs_in_the_order_book_are_imported_linked_to_their_entry()
    {
        Guid accountId;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<BrokerAccountService>();
            accountId = (await accounts.SaveAngelOneAsync(_userId, null, new AngelOneAccountInput { Label = "Angel", ClientCode = "A123456", ApiKey = "smartapi-key-7788", Pin = "4321" })).Id!.Value;
            Assert.True((await accounts.TestConnectionAsync(_userId, accountId, "123456")).Succeeded);
        }
        // The entry filled at once; Angel One's book then holds its two legs, each naming it as parentorderid.
        const string Legs = """
            [{"variety":"ROBO","ordertype":"LIMIT","producttype":"BO","duration":"DAY","price":"800.00","triggerprice":"0","quantity":"10","tradingsymbol":"SBIN-EQ","transactiontype":"BUY","exchange":"NSE","symboltoken":"3045","averageprice":"800.00","filledshares":"10","unfilledshares":"0","orderid":"201020000000080","parentorderid":"","text":"","status":"complete","orderstatus":"complete","updatetime":"02-Dec-2026 10:00:01","uniqueorderid":"u-80"},
             {"variety":"ROBO","ordertype":"LIMIT","producttype":"BO","duration":"DAY","price":"810.00","triggerprice":"0","quantity":"10","tradingsymbol":"SBIN-EQ","transactiontype":"SELL","exchange":"NSE","symboltoken":"3045","averageprice":"0","filledshares":"0","unfilledshares":"10","orderid":"201020000000081","parentorderid":"201020000000080","text":"","status":"open","orderstatus":"open","updatetime":"02-Dec-2026 10:00:01","uniqueorderid":"u-81"},
             {"variety":"ROBO","ordertype":"STOPLOSS_MARKET","producttype":"BO","duration":"DAY","price":"0","triggerprice":"795.00","quantity":"10","tradingsymbol":"SBIN-EQ","transactiontype":"SELL","exchange":"NSE","symboltoken":"3045","averageprice":"0","filledshares":"0","unfilledshares":"10","orderid":"201020000000082","parentorderid":"201020000000080","text":"","status":"trigger pending","orderstatus":"trigger pending","updatetime":"02-Dec-2026 10:00:01","uniqueorderid":"u-82"}]
            """;
        _fake.SetDefault("/getOrderBook", FakeSmartApi.Ok(Legs));
        await TickAsync(800m);
        var entry = await _app.Services.GetRequiredService<OrderPipeline>().PlaceAsync(Bracket("bo-angel", accountId));
        Assert.True(entry.Accepted, entry.Message);

        // Reconciliation finds the entry filled and imports its two legs.
        var result = await _app.Services.GetRequiredService<OrderReconciler>().ReconcileAsync();
        Assert.Empty(result.Problems);
        Assert.True(result.OrdersChanged >= 2, $"changed {result.OrdersChanged}");
        await using (var first = Db()) Assert.Equal(OrderStatus.Filled, (await first.Orders.AsNoTracking().SingleAsync(o => o.Id == entry.Order!.Id)).Status);
        var legs = await LegsAsync(entry.Order!.Id, 2);
        Assert.Equal([("201020000000081", OrderType.Limit, OrderStatus.Open), ("201020000000082", OrderType.StopLossMarket, OrderStatus.TriggerPending)],
            legs.OrderBy(l => l.BrokerOrderId).Select(l => (l.BrokerOrderId!, l.OrderType, l.Status)));
        Assert.All(legs, l => Assert.Equal((OrderSide.Sell, 10, OrderVariety.Robo), (l.Side, l.Quantity, l.Variety)));

        var again = await _app.Services.GetRequiredService<OrderReconciler>().ReconcileAsync();
        await using var db = Db();
        Assert.Equal(3, await db.Orders.CountAsync(o => o.UserId == _userId)); // imported once
    }
}
