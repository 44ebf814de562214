using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Components.Account;
using Trading.Web.Features.Broker;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;
using Trading.Web.Features.Broker.AngelOne;

namespace Trading.Tests.Integration;

/// <summary>The order pipeline on PostgreSQL with the paper broker (and, for timeouts, Angel One against the fake SmartAPI).</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class OrderPipelineTests : IAsyncLifetime
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
        _app = TradingAppFactory.ForPostgres(_postgres.ConnectionString)
            .With("MarketData:Feed", "None")
            .With("Paper:SlippagePercent", "0")
            .With("AngelOne:RestBaseUrl", _fake.BaseUrl)
            .With("AngelOne:TimeoutSeconds", "1")
            .WithClock(new MarketHoursClock()); // Angel One orders are checked against market hours
        (_userId, _) = await TestUsers.CreateTraderAsync(_app.Services, 1_000_000m, "Order Trader");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _fake.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    private OrderPipeline Pipeline => _app.Services.GetRequiredService<OrderPipeline>();
    private TradingDbContext Db() => _app.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();

    private Task TickAsync(decimal price) =>
        _app.Services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(Sbin, price, DateTime.UtcNow, PreviousClose: price), CancellationToken.None);

    private PlaceOrderRequest Request(string clientId, OrderSide side = OrderSide.Buy, OrderType type = OrderType.Market, int quantity = 10,
        decimal? price = null, Guid? account = null) =>
        new(_userId, clientId, Exchange.NSE, "3045", side, type, ProductType.Intraday, OrderVariety.Normal, OrderValidity.Day, quantity, price,
            BrokerAccountId: account);

    [Fact]
    public async Task Fifty_concurrent_submits_with_one_client_order_id_make_one_order_and_one_broker_call()
    {
        await TickAsync(800m);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Pipeline.PlaceAsync(Request("ticket-42")))));

        Assert.All(results, r => Assert.True(r.Accepted, r.Message));
        var orderIds = results.Select(r => r.Order!.Id).Distinct().ToList();
        Assert.Single(orderIds);
        Assert.Equal(49, results.Count(r => r.Duplicate));
        await using var db = Db();
        Assert.Equal(1, await db.Orders.CountAsync(o => o.UserId == _userId));
        Assert.Equal(1, await db.PaperOrders.CountAsync(o => o.UserId == _userId)); // the broker saw one order
        var order = await db.Orders.SingleAsync(o => o.UserId == _userId);
        Assert.Equal((OrderStatus.Filled, 10, 800m), (order.Status, order.FilledQuantity, order.AverageFillPrice!.Value));

        var events = await db.OrderEvents.Where(e => e.OrderId == order.Id).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([(null, OrderStatus.PendingSubmit), (OrderStatus.PendingSubmit, OrderStatus.Open), (OrderStatus.Open, OrderStatus.Filled)],
            events.Select(e => (e.FromStatus, e.ToStatus)));
        Assert.Contains(order.BrokerOrderId!, events[1].RawReply);
        Assert.Contains("\"status\":\"complete\"", events[2].RawReply);

        var trade = await db.Trades.SingleAsync(t => t.OrderId == order.Id);
        Assert.Equal((10, 800m), (trade.Quantity, trade.Price));
        Assert.True(trade.Charges > 0);
        var position = await db.Positions.SingleAsync(p => p.UserId == _userId);
        Assert.Equal((10, 800m, trade.Charges), (position.NetQuantity, position.AveragePrice, position.Charges));
    }

    [Fact]
    public async Task Validation_and_pre_trade_checks_refuse_with_field_messages_and_store_nothing()
    {
        await TickAsync(800m);
        var invalid = await Pipeline.PlaceAsync(Request("bad-1", type: OrderType.Limit, price: 800.03m, quantity: 0));
        Assert.False(invalid.Accepted);
        Assert.Equal("Quantity must be more than zero.", invalid.Errors["Quantity"]);
        Assert.Equal("Price must be a multiple of the tick size 0.05.", invalid.Errors["Price"]);

        // A market buy goes as a limit 0.5% above the last price, ₹804, and intraday margin is 20% of value: 7,000 × 804 = ₹56.28 lakh
        // needs ₹11,25,600, more than the ₹10 lakh there is.
        var tooBig = await Pipeline.PlaceAsync(Request("bad-2", quantity: 7_000));
        Assert.False(tooBig.Accepted);
        Assert.Equal("Insufficient funds: margin required ₹11,25,600.00, available ₹10,00,000.00.", tooBig.Errors["PreTrade"]);

        var bracket = await Pipeline.PlaceAsync(Request("bad-3") with { Variety = OrderVariety.Robo, StopLoss = 5m });
        Assert.False(bracket.Accepted);
        Assert.Equal("A bracket order needs a target distance.", bracket.Errors["Target"]);

        await using var db = Db();
        Assert.Equal(0, await db.Orders.CountAsync(o => o.UserId == _userId));
    }

    [Fact]
    public async Task Limit_orders_fill_from_the_feed_and_can_be_modified_or_cancelled_with_events()
    {
        await TickAsync(800m);
        var limit = (await Pipeline.PlaceAsync(Request("limit-1", type: OrderType.Limit, price: 790m))).Order!;
        Assert.Equal(OrderStatus.Open, limit.Status);

        Assert.Null(await Pipeline.ModifyAsync(_userId, limit.Id, 20, 795m, null));
        await TickAsync(794m);
        var filled = await WaitForAsync(limit.Id, OrderStatus.Filled);
        Assert.Equal((20, 795m), (filled.FilledQuantity, filled.AverageFillPrice!.Value)); // a resting limit fills at its own price

        var other = (await Pipeline.PlaceAsync(Request("limit-2", type: OrderType.Limit, price: 700m))).Order!;
        Assert.Null(await Pipeline.CancelAsync(_userId, other.Id));
        Assert.Equal(OrderStatus.Cancelled, (await WaitForAsync(other.Id, OrderStatus.Cancelled)).Status);
        Assert.Equal("Only open orders can be cancelled; this one is Cancelled.", await Pipeline.CancelAsync(_userId, other.Id));
        Assert.Equal("That order was not found.", await Pipeline.CancelAsync(Guid.NewGuid(), other.Id)); // another user's order

        await using var db = Db();
        var events = await db.OrderEvents.Where(e => e.OrderId == limit.Id).OrderBy(e => e.Id).Select(e => e.Message).ToListAsync();
        Assert.Contains("Order modified: quantity 20, price 795.00.", events);
        Assert.Contains(events, m => m.Contains("Filled 20 @ 795"));
    }

    [Fact]
    public async Task A_broker_timeout_leaves_the_order_unknown_until_reconciliation_finds_it_filled()
    {
        Guid accountId;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<BrokerAccountService>();
            var (errors, id) = await accounts.SaveAngelOneAsync(_userId, null, new AngelOneAccountInput { Label = "Angel", ClientCode = "A123456", ApiKey = "smartapi-key-7788", Pin = "4321" });
            Assert.Empty(errors);
            accountId = id!.Value;
            Assert.True((await accounts.TestConnectionAsync(_userId, accountId, "123456")).Succeeded);
        }
        _fake.Enqueue("/placeOrder", new FakeSmartApi.Reply(0, "")); // never answers

        await TickAsync(800m);
        var result = await Pipeline.PlaceAsync(Request("slow-1", account: accountId));

        Assert.True(result.Accepted, result.Message);
        Assert.Equal(OrderStatus.Unknown, result.Order!.Status);
        Assert.Null(result.Order.BrokerOrderId);
        // The market order went to Angel One as a limit 0.5% above the last price: 800 × 1.005 = 804.00 (market price protection).
        var sent = System.Text.Json.JsonDocument.Parse(Assert.Single(_fake.To("/placeOrder")).Body).RootElement;
        Assert.Equal(("LIMIT", "804", "NORMAL"), (sent.GetProperty("ordertype").GetString(), sent.GetProperty("price").GetString(), sent.GetProperty("variety").GetString()));
        Assert.Equal((OrderType.Limit, 804.00m), (result.Order.OrderType, result.Order.Price));
        var tag = result.Order.Tag!;
        _fake.SetDefault("/getOrderBook", FakeSmartApi.Ok($$"""[{"variety":"NORMAL","ordertype":"MARKET","producttype":"INTRADAY","duration":"DAY","price":"0","triggerprice":"0","quantity":"10","tradingsymbol":"SBIN-EQ","transactiontype":"BUY","exchange":"NSE","symboltoken":"3045","ordertag":"{{tag}}","averageprice":"801.50","filledshares":"10","unfilledshares":"0","orderid":"260101000000999","text":"","status":"complete","orderstatus":"complete","updatetime":"27-Nov-2026 10:00:01","uniqueorderid":"u-999"}]"""));

        var reconciliation = await _app.Services.GetRequiredService<OrderReconciler>().ReconcileAsync();

        Assert.Equal(1, reconciliation.OrdersChanged);
        Assert.Single(_fake.To("/placeOrder")); // never sent twice
        await using var db = Db();
        var order = await db.Orders.SingleAsync(o => o.Id == result.Order.Id);
        Assert.Equal((OrderStatus.Filled, "260101000000999", 10, 801.50m), (order.Status, order.BrokerOrderId, order.FilledQuantity, order.AverageFillPrice!.Value));
        var events = await db.OrderEvents.Where(e => e.OrderId == order.Id).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([OrderStatus.PendingSubmit, OrderStatus.Unknown, OrderStatus.Filled], events.Select(e => e.ToStatus));
        Assert.Contains("Reconciled with the broker's order book.", events[2].Message);
        Assert.Equal("Manual order received: Buy 10 SBIN-EQ Market, sent as a limit at ₹804.00 (market price protection: 0.5% above the last price ₹800.00).", events[0].Message);
        Assert.Equal(10, (await db.Positions.SingleAsync(p => p.UserId == _userId)).NetQuantity);
    }

    [Fact]
    public async Task Angel_one_order_status_updates_over_the_websocket_fill_the_order_at_once()
    {
        await using var stream = await FakeSmartStream.StartAsync();
        await using var app = TradingAppFactory.ForPostgres(_postgres.ConnectionString)
            .With("MarketData:Feed", "None").With("AngelOne:RestBaseUrl", _fake.BaseUrl).With("AngelOne:OrderFeedUrl", stream.OrderUpdatesUrl)
            .WithClock(new MarketHoursClock());
        Guid accountId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<BrokerAccountService>();
            accountId = (await accounts.SaveAngelOneAsync(_userId, null, new AngelOneAccountInput { Label = "Angel", ClientCode = "A123456", ApiKey = "smartapi-key-7788", Pin = "4321" })).Id!.Value;
            Assert.True((await accounts.TestConnectionAsync(_userId, accountId, "123456")).Succeeded);
        }
        var placed = await app.Services.GetRequiredService<OrderPipeline>().PlaceAsync(Request("ws-1", type: OrderType.Limit, price: 194m, account: accountId));
        Assert.Equal((OrderStatus.Open, "201020000000080"), (placed.Order!.Status, placed.Order.BrokerOrderId));

        Assert.Equal(1, await app.Services.GetRequiredService<AngelOneOrderFeed>().EnsureConnectionsAsync());
        var connection = await stream.WaitForConnectionAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal($"Bearer {FakeSmartApi.Jwt}", connection.Headers["Authorization"]);
        await FakeSmartStream.SendTextAsync(connection, """{"user-id":"A123456","status-code":"200","order-status":"AB00","error-message":"","orderData":{}}""");
        await FakeSmartStream.SendTextAsync(connection, """{"user-id":"A123456","status-code":"200","order-status":"AB05","error-message":"","orderData":{"variety":"NORMAL","ordertype":"LIMIT","producttype":"INTRADAY","duration":"DAY","price":"194.00","triggerprice":"0","quantity":"10","tradingsymbol":"SBIN-EQ","transactiontype":"BUY","exchange":"NSE","symboltoken":"3045","averageprice":"193.95","filledshares":"10","unfilledshares":"0","orderid":"201020000000080","text":"","status":"complete","orderstatus":"complete","updatetime":"27-Nov-2026 10:15:00","uniqueorderid":"34reqfachdfih"}}""");

        var filled = await WaitForAsync(placed.Order.Id, OrderStatus.Filled);
        Assert.Equal((10, 193.95m), (filled.FilledQuantity, filled.AverageFillPrice!.Value));
        await using var db = Db();
        Assert.Contains(await db.OrderEvents.Where(e => e.OrderId == filled.Id).Select(e => e.Message).ToListAsync(), m => m.StartsWith("Angel One order update AB05."));
    }

    [Fact]
    public async Task Reconciliation_corrects_a_drifted_position_and_tells_the_trader()
    {
        await TickAsync(800m);
        var order = (await Pipeline.PlaceAsync(Request("pos-1", quantity: 10))).Order!;
        Assert.Equal(OrderStatus.Filled, order.Status);
        await using (var db = Db())
        {
            var position = await db.Positions.SingleAsync(p => p.UserId == _userId);
            position.NetQuantity = 7; // the local book drifted
            await db.SaveChangesAsync();
        }

        var result = await _app.Services.GetRequiredService<OrderReconciler>().ReconcileAsync();

        Assert.Equal(1, result.OrdersChanged);
        await using var check = Db();
        var corrected = await check.Positions.SingleAsync(p => p.UserId == _userId);
        Assert.Equal((10, 800m), (corrected.NetQuantity, corrected.AveragePrice));
        var note = await check.Notifications.SingleAsync(n => n.UserId == _userId && n.Title.StartsWith("Position"));
        Assert.Equal("Position in SBIN-EQ corrected", note.Title);
        // The fill that reconciliation found is told as the broker confirmed it.
        Assert.Equal(1, await check.Notifications.CountAsync(n => n.UserId == _userId && n.Title.StartsWith("Filled: Buy 10 SBIN-EQ")));
        Assert.Contains("holds 10 where this app had 7", note.Body);
    }

    [Fact]
    public async Task Reconciliation_fixes_drifted_statuses_and_records_a_fill_the_app_missed()
    {
        await TickAsync(800m);
        var missedFill = (await Pipeline.PlaceAsync(Request("drift-1", type: OrderType.Limit, price: 780m))).Order!;
        var cancelledAtBroker = (await Pipeline.PlaceAsync(Request("drift-2", type: OrderType.Limit, price: 770m))).Order!;
        var untouched = (await Pipeline.PlaceAsync(Request("drift-3", type: OrderType.Limit, price: 760m))).Order!;
        await using (var db = Db())
        {
            // The broker's side moves on without telling the app (a lost update): one fill, one cancellation.
            var filled = await db.PaperOrders.SingleAsync(p => p.BrokerOrderId == missedFill.BrokerOrderId);
            filled.Status = PaperOrderStatus.Complete;
            filled.FilledQuantity = 10;
            filled.AveragePrice = 779.95m;
            db.PaperTrades.Add(new PaperTrade
            {
                PaperOrderId = filled.Id, BrokerAccountId = filled.BrokerAccountId, FillId = "missed-1", Exchange = Exchange.NSE, SymbolToken = "3045",
                TradingSymbol = "SBIN-EQ", Side = OrderSide.Buy, ProductType = ProductType.Intraday, Quantity = 10, Price = 779.95m, FilledAt = DateTime.UtcNow,
            });
            var cancelled = await db.PaperOrders.SingleAsync(p => p.BrokerOrderId == cancelledAtBroker.BrokerOrderId);
            cancelled.Status = PaperOrderStatus.Cancelled;
            await db.SaveChangesAsync();
        }

        var result = await _app.Services.GetRequiredService<OrderReconciler>().ReconcileAsync();

        Assert.Equal((3, 2), (result.OrdersChecked, result.OrdersChanged));
        await using var check = Db();
        var orders = await check.Orders.Where(o => o.UserId == _userId).ToDictionaryAsync(o => o.Id);
        Assert.Equal((OrderStatus.Filled, 10, 779.95m), (orders[missedFill.Id].Status, orders[missedFill.Id].FilledQuantity, orders[missedFill.Id].AverageFillPrice!.Value));
        Assert.Equal(OrderStatus.Cancelled, orders[cancelledAtBroker.Id].Status);
        Assert.Equal(OrderStatus.Open, orders[untouched.Id].Status);
        Assert.Equal(779.95m, (await check.Trades.SingleAsync(t => t.OrderId == missedFill.Id)).Price);
        Assert.Equal(2, await check.OrderEvents.CountAsync(e => e.Message.StartsWith("Reconciled")));
    }

    private Task<Order> WaitForAsync(Guid orderId, OrderStatus status) => Eventually.MatchAsync(async () =>
    {
        await using var db = Db();
        return await db.Orders.SingleAsync(o => o.Id == orderId);
    }, o => o.Status == status, $"order {orderId} to be {status}");
}
