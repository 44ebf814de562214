using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Components.Account;
using Trading.Web.Features.Broker;
using Trading.Web.Features.MarketData;

namespace Trading.Tests.Integration;

/// <summary>The paper broker on PostgreSQL: each order type fills (or waits, or is refused) against ticks pushed through the pipeline.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class PaperBrokerTests : IAsyncLifetime
{
    private static readonly InstrumentKey Sbin = new(Exchange.NSE, "3045");
    private readonly PostgresDatabase _postgres = new();
    private TradingAppFactory _app = null!;
    private IBroker _broker = null!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        // No feed: the test alone moves the price, so fills are exact.
        _app = TradingAppFactory.ForPostgres(_postgres.ConnectionString).With("Paper:SlippagePercent", "0.1").With("MarketData:Feed", "None");
        var (userId, _) = await TestUsers.CreateTraderAsync(_app.Services, 100_000m, "Paper Trader");
        await using var db = _app.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
        var account = await db.BrokerAccounts.SingleAsync(a => a.UserId == userId);
        Assert.Equal((BrokerKind.Paper, true), (account.Broker, account.IsDefault));
        _accountId = account.Id;
        _broker = await _app.Services.GetRequiredService<BrokerFactory>().ForAccountAsync(_accountId);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    private Task TickAsync(decimal price) =>
        _app.Services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(Sbin, price, DateTime.UtcNow, PreviousClose: 800m), CancellationToken.None);

    private static BrokerOrderRequest Order(OrderSide side, OrderType type, int quantity, decimal? price = null, decimal? trigger = null,
        OrderValidity validity = OrderValidity.Day) =>
        new(Exchange.NSE, "SBIN-EQ", "3045", side, type, ProductType.Intraday, OrderVariety.Normal, validity, quantity, price, trigger);

    private Task<BrokerOrder> WaitForStatusAsync(string brokerOrderId, BrokerOrderStatus status) => Eventually.MatchAsync(
        async () => (await _broker.GetOrderBookAsync()).Single(o => o.BrokerOrderId == brokerOrderId), o => o.Status == status,
        $"paper order {brokerOrderId} to be {status}");

    [Fact]
    public async Task A_market_order_fills_at_the_live_price_with_slippage_against_the_trader()
    {
        await TickAsync(812.40m);

        var buy = await _broker.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Market, 10));
        var filled = await WaitForStatusAsync(buy.BrokerOrderId, BrokerOrderStatus.Complete);

        // 812.40 × 1.001 = 813.2124, rounded up to the 0.05 tick.
        Assert.Equal((10, 813.25m), (filled.FilledQuantity, filled.AveragePrice!.Value));
        var trade = Assert.Single(await _broker.GetTradeBookAsync());
        Assert.Equal((buy.BrokerOrderId, 10, 813.25m, OrderSide.Buy), (trade.BrokerOrderId, trade.Quantity, trade.Price, trade.Side));

        var sell = await _broker.PlaceOrderAsync(Order(OrderSide.Sell, OrderType.Market, 10));
        var sold = await WaitForStatusAsync(sell.BrokerOrderId, BrokerOrderStatus.Complete);
        // 812.40 × 0.999 = 811.5876, rounded down to the tick.
        Assert.Equal(811.55m, sold.AveragePrice);
        var position = Assert.Single(await _broker.GetPositionsAsync());
        Assert.Equal((0, -17.00m), (position.NetQuantity, position.Pnl!.Value));
        // Charges are debited as the fills happen. Buy 8,132.50: brokerage 0.03% = 2.44, exchange 0.24, IPFT 0.01, SEBI 0.01,
        // stamp 0.24, GST 18% × 2.70 = 0.49 → 3.43. Sell 8,115.50: brokerage 2.43, STT 0.025% = 2.03, exchange 0.24, IPFT 0.01,
        // SEBI 0.01, GST 18% × 2.69 = 0.48 → 5.20. Cash 1,00,000 − 17.00 − 8.63 = 99,974.37.
        var funds = await _broker.GetFundsAsync();
        Assert.Equal((99_974.37m, 99_974.37m, 0m), (funds.Net, funds.AvailableCash, funds.UsedMargin));
    }

    [Fact]
    public async Task A_limit_buy_waits_until_the_price_comes_down_to_it()
    {
        await TickAsync(812.40m);
        var order = await _broker.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Limit, 5, price: 810.00m));
        Assert.Equal(BrokerOrderStatus.Open, (await WaitForStatusAsync(order.BrokerOrderId, BrokerOrderStatus.Open)).Status);
        Assert.Equal(810m, (await _broker.GetFundsAsync()).UsedMargin); // intraday: 20% of 5 × 810

        await TickAsync(811.00m);
        Assert.Equal(BrokerOrderStatus.Open, (await _broker.GetOrderBookAsync()).Single().Status);
        await TickAsync(809.50m);

        var filled = await WaitForStatusAsync(order.BrokerOrderId, BrokerOrderStatus.Complete);
        Assert.Equal(810.00m, filled.AveragePrice); // a resting limit fills at its own price when the market comes through it
    }

    [Fact]
    public async Task Stop_orders_wait_for_their_trigger_then_fill_as_market_or_limit()
    {
        await TickAsync(800.00m);
        await WaitForStatusAsync((await _broker.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Market, 20))).BrokerOrderId, BrokerOrderStatus.Complete);

        var stopMarket = await _broker.PlaceOrderAsync(Order(OrderSide.Sell, OrderType.StopLossMarket, 10, trigger: 795.00m));
        var stopLimit = await _broker.PlaceOrderAsync(Order(OrderSide.Sell, OrderType.StopLossLimit, 10, price: 792.00m, trigger: 794.00m));
        await WaitForStatusAsync(stopMarket.BrokerOrderId, BrokerOrderStatus.TriggerPending);
        await WaitForStatusAsync(stopLimit.BrokerOrderId, BrokerOrderStatus.TriggerPending);

        await TickAsync(796.00m);
        Assert.All(await _broker.GetOrderBookAsync(), o => Assert.NotEqual(BrokerOrderStatus.Cancelled, o.Status));
        await TickAsync(794.50m);
        var slm = await WaitForStatusAsync(stopMarket.BrokerOrderId, BrokerOrderStatus.Complete);
        Assert.Equal(793.70m, slm.AveragePrice); // 794.50 × 0.999 = 793.7055, down to the 0.05 tick

        // SL triggered at ≤ 794 and the price is above its 792 limit: it arrives as a marketable limit and takes the market,
        // 793.90 × 0.999 = 793.106, down to the tick: 793.10 (not below its 792 limit).
        await TickAsync(793.90m);
        var sl = await WaitForStatusAsync(stopLimit.BrokerOrderId, BrokerOrderStatus.Complete);
        Assert.Equal(793.10m, sl.AveragePrice);
    }

    [Fact]
    public async Task Ioc_orders_that_cannot_fill_at_once_are_cancelled_and_unaffordable_orders_are_rejected()
    {
        await TickAsync(812.40m);

        var ioc = await _broker.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Limit, 1, price: 700.00m, validity: OrderValidity.Ioc));
        var tooBig = await _broker.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Market, 700)); // 20% of 700 × 812.40 = 1,13,736 > 1,00,000

        Assert.Equal(BrokerOrderStatus.Cancelled, (await WaitForStatusAsync(ioc.BrokerOrderId, BrokerOrderStatus.Cancelled)).Status);
        var rejected = await WaitForStatusAsync(tooBig.BrokerOrderId, BrokerOrderStatus.Rejected);
        Assert.Contains("Insufficient funds", rejected.StatusMessage);
        Assert.Empty(await _broker.GetTradeBookAsync());
    }

    [Fact]
    public async Task Invalid_requests_are_refused_with_clear_messages_and_open_orders_can_be_modified_and_cancelled()
    {
        await TickAsync(812.40m);
        var noPrice = await Assert.ThrowsAsync<BrokerException>(() => _broker.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Limit, 1)));
        var offTick = await Assert.ThrowsAsync<BrokerException>(() => _broker.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Limit, 1, price: 810.03m)));
        var noTrigger = await Assert.ThrowsAsync<BrokerException>(() => _broker.PlaceOrderAsync(Order(OrderSide.Sell, OrderType.StopLossMarket, 1)));
        Assert.Equal("A limit order needs a price.", noPrice.Message);
        Assert.Equal("Price must be a multiple of the tick size 0.0500.", offTick.Message);
        Assert.Equal("A stop-loss order needs a trigger price.", noTrigger.Message);

        var order = await _broker.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Limit, 5, price: 800.00m));
        await _broker.ModifyOrderAsync(new BrokerOrderModification(order.BrokerOrderId, Exchange.NSE, "SBIN-EQ", "3045", OrderVariety.Normal,
            OrderType.Limit, ProductType.Intraday, OrderValidity.Day, 8, 801.00m));
        var modified = (await _broker.GetOrderBookAsync()).Single(o => o.BrokerOrderId == order.BrokerOrderId);
        Assert.Equal((8, 801.00m, BrokerOrderStatus.Open), (modified.Quantity, modified.Price!.Value, modified.Status));

        await _broker.CancelOrderAsync(order.BrokerOrderId, OrderVariety.Normal);
        Assert.Equal(BrokerOrderStatus.Cancelled, (await _broker.GetOrderBookAsync()).Single(o => o.BrokerOrderId == order.BrokerOrderId).Status);
        var again = await Assert.ThrowsAsync<BrokerException>(() => _broker.CancelOrderAsync(order.BrokerOrderId, OrderVariety.Normal));
        Assert.Contains("cancelled and cannot be cancelled", again.Message);

        await TickAsync(790.00m); // a cancelled order never fills
        Assert.Empty(await _broker.GetTradeBookAsync());
    }

    [Fact]
    public async Task Concurrent_buys_cannot_spend_the_same_money_twice_and_cancelling_frees_it()
    {
        await TickAsync(812.40m);
        // Capital 1,00,000. Each intraday buy of 100 fills at 812.40 (81,240), blocking 20% = 16,248 and paying 29.07 charges
        // (brokerage 20, exchange 2.41, IPFT 0.08, SEBI 0.08, stamp 2.44, GST 18% × 22.57 = 4.06). After five, 1,00,000 − 145.35 −
        // 81,240 = 18,614.65 is left, so a sixth fits; after six, 2,337.58, so the rest are refused, however the twenty
        // interleave — checking the funds and taking them is one step.
        var placed = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            _broker.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Limit, 100, price: 812.40m)))));
        var book = (await _broker.GetOrderBookAsync()).Where(o => placed.Any(p => p.BrokerOrderId == o.BrokerOrderId)).ToList();
        Assert.Equal(20, book.Count);
        Assert.Equal(6, book.Count(o => o.Status == BrokerOrderStatus.Complete));
        Assert.All(book.Where(o => o.Status != BrokerOrderStatus.Complete), o => Assert.Contains("Insufficient funds", o.StatusMessage));
        Assert.Equal(600, (await _broker.GetTradeBookAsync()).Sum(t => t.Quantity));
        var funds = await _broker.GetFundsAsync();
        Assert.Equal((99_825.58m, 97_488m, 2_337.58m), (funds.Net, funds.UsedMargin, funds.AvailableCash));

        // A resting order holds its margin (20% of 10 × 800 = 1,600) until it is cancelled.
        var resting = await _broker.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Limit, 10, price: 800.00m));
        Assert.Equal(737.58m, (await _broker.GetFundsAsync()).AvailableCash);
        await _broker.CancelOrderAsync(resting.BrokerOrderId, OrderVariety.Normal);
        Assert.Equal(2_337.58m, (await _broker.GetFundsAsync()).AvailableCash);
    }
}
