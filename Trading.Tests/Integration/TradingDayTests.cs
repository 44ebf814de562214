using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Funds;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;
using Trading.Web.Features.Positions;

namespace Trading.Tests.Integration;

/// <summary>
/// A day of paper trading through the order pipeline on both databases, with every figure worked by hand: the charges
/// of each fill line by line, the paper account's cash, and the refusals a real broker makes.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class TradingDayTests
{
    private static readonly InstrumentKey Sbin = new(Exchange.NSE, "3045");

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task Paper_cash_after_a_day_is_capital_less_charges_plus_pnl_to_the_paisa(string provider)
    {
        await using var app = await ProviderApp.StartAsync(provider, a => a
            .With("MarketData:Feed", "None").With("Paper:SlippagePercent", "0").WithClock(new MarketHoursClock()));
        var (userId, _) = await TestUsers.CreateTraderAsync(app.App.Services, 100_000m);
        var pipeline = app.App.Services.GetRequiredService<OrderPipeline>();
        var n = 0;
        async Task<Order> PlaceAsync(decimal price, OrderSide side, ProductType product, int quantity)
        {
            await app.App.Services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(Sbin, price, DateTime.UtcNow, PreviousClose: 800m), CancellationToken.None);
            var placed = await pipeline.PlaceAsync(new PlaceOrderRequest(userId, $"day-{n++}", Exchange.NSE, "3045", side, OrderType.Market, product,
                OrderVariety.Normal, OrderValidity.Day, quantity));
            Assert.True(placed.Accepted, placed.Message);
            Assert.Equal(OrderStatus.Filled, placed.Order!.Status);
            return placed.Order;
        }

        // Intraday buy 100 @ 800: brokerage 20, exchange 2.38, IPFT 0.08, SEBI 0.08, stamp 2.40, GST 4.06 = 29.00.
        // Intraday sell 100 @ 810: brokerage 20, STT 20.25, exchange 2.41, IPFT 0.08, SEBI 0.08, GST 4.06 = 46.88. Realized +1,000.
        var intradayBuy = await PlaceAsync(800m, OrderSide.Buy, ProductType.Intraday, 100);
        // Sent as a limit 0.5% above the last price (market price protection), it filled at the market: 800 with no slippage.
        Assert.Equal((OrderType.Limit, 804.00m, 800m), (intradayBuy.OrderType, intradayBuy.Price, intradayBuy.AverageFillPrice));
        var intradaySell = await PlaceAsync(810m, OrderSide.Sell, ProductType.Intraday, 100);
        // Delivery buy 10 @ 810 = 8,100: brokerage 0.1% = 8.10, STT 8.10, exchange 0.24, IPFT 0.01, SEBI 0.01, stamp 0.015% = 1.22,
        // GST 18% × 8.36 = 1.50 → 19.18. Sold the same day 10 @ 820 = 8,200, it is an intraday trade for STT (0.025% × 8,200 = 2.05)
        // and stamp (0.003% × 8,100 = 0.24), with no DP: the sell carries STT 2.05 − 8.10 = −6.05 and stamp 0.24 − 1.22 = −0.98,
        // brokerage 8.20, exchange 0.24, IPFT 0.01, SEBI 0.01, GST 18% × 8.46 = 1.52 → 2.95. Realized +100.
        var deliveryBuy = await PlaceAsync(810m, OrderSide.Buy, ProductType.Delivery, 10);
        var deliverySell = await PlaceAsync(820m, OrderSide.Sell, ProductType.Delivery, 10);

        await using var db = app.App.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
        var trades = await db.Trades.AsNoTracking().Where(t => t.UserId == userId).ToListAsync();
        ChargeBreakdown Of(Order o) => PositionBook.ChargesOf(trades.Single(t => t.OrderId == o.Id));
        Assert.Equal(new ChargeBreakdown(20m, 0m, 2.38m, 0.08m, 0.08m, 2.40m, 0m, 4.06m), Of(intradayBuy));
        Assert.Equal(new ChargeBreakdown(20m, 20.25m, 2.41m, 0.08m, 0.08m, 0m, 0m, 4.06m), Of(intradaySell));
        Assert.Equal(new ChargeBreakdown(8.10m, 8.10m, 0.24m, 0.01m, 0.01m, 1.22m, 0m, 1.50m), Of(deliveryBuy));
        Assert.Equal(new ChargeBreakdown(8.20m, -6.05m, 0.24m, 0.01m, 0.01m, -0.98m, 0m, 1.52m), Of(deliverySell));
        Assert.Equal(98.01m, trades.Sum(t => t.Charges)); // 29.00 + 46.88 + 19.18 + 2.95

        // The paper broker debited the same charges: cash 1,00,000 + 1,100 − 98.01 = 1,01,001.99, nothing blocked.
        var broker = (await app.App.Services.GetRequiredService<BrokerFactory>().ForUserAsync(userId, null))!.Value.Broker;
        var funds = await broker.GetFundsAsync();
        Assert.Equal((101_001.99m, 0m, 101_001.99m, 1_100m), (funds.Net, funds.UsedMargin, funds.AvailableCash, funds.RealizedMtm));
        Assert.Equal(98.01m, await db.PaperTrades.AsNoTracking().Select(t => t.Charges).ToListAsync() is var paid ? paid.Sum() : 0);

        // The funds page shows the same, with today's charges line by line.
        await using (var scope = app.App.Services.CreateAsyncScope())
        {
            var view = (await scope.ServiceProvider.GetRequiredService<FundsService>().GetAsync(userId, null))!;
            // Brokerage 20 + 20 + 8.10 + 8.20 = 56.30; STT 0 + 20.25 + 8.10 − 6.05 = 22.30.
            Assert.Equal((101_001.99m, 98.01m, 56.30m, 22.30m), (view.Funds.Net, view.ChargesToday.Total, view.ChargesToday.Brokerage, view.ChargesToday.Stt));

            // Payin and payout change cash; a payout above what is available is refused and changes nothing.
            var funding = scope.ServiceProvider.GetRequiredService<FundsService>();
            Assert.Null(await funding.TransferAsync(userId, null, FundTransferKind.Payin, 25_000m, "top up"));
            Assert.Equal("You can withdraw at most the available ₹1,26,001.99.", await funding.TransferAsync(userId, null, FundTransferKind.Payout, 200_000m, null));
            Assert.Null(await funding.TransferAsync(userId, null, FundTransferKind.Payout, 1_001.99m, null));
            Assert.Equal("Enter an amount above zero.", await funding.TransferAsync(userId, null, FundTransferKind.Payin, -5m, null));
            Assert.Equal(125_000m, (await broker.GetFundsAsync()).Net);
            Assert.Equal(2, (await funding.GetAsync(userId, null))!.Transfers.Count);
        }
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task Refusals_come_before_sending_with_the_reason_a_broker_gives(string provider)
    {
        await using var app = await ProviderApp.StartAsync(provider, a => a
            .With("MarketData:Feed", "None").With("Paper:SlippagePercent", "0").WithClock(new MarketHoursClock()));
        var (userId, _) = await TestUsers.CreateTraderAsync(app.App.Services, 100_000m);
        var pipeline = app.App.Services.GetRequiredService<OrderPipeline>();
        await app.App.Services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(Sbin, 820m, DateTime.UtcNow, PreviousClose: 800m), CancellationToken.None);
        PlaceOrderRequest Request(string id, OrderSide side, ProductType product, int quantity, OrderType type = OrderType.Market, decimal? trigger = null) =>
            new(userId, id, Exchange.NSE, "3045", side, type, product, OrderVariety.Normal, OrderValidity.Day, quantity, TriggerPrice: trigger);

        var shortDelivery = await pipeline.PlaceAsync(Request("r-1", OrderSide.Sell, ProductType.Delivery, 5));
        Assert.Equal("Delivery short sell is not allowed: you hold no SBIN-EQ. Sell intraday (MIS) to go short.", shortDelivery.Errors["PreTrade"]);

        var wrongSide = await pipeline.PlaceAsync(Request("r-2", OrderSide.Buy, ProductType.Intraday, 10, OrderType.StopLossMarket, 815m));
        Assert.Equal("A buy stop's trigger ₹815.00 must be above the last price ₹820.00: at or below it, it would trigger at once.", wrongSide.Errors["PreTrade"]);

        // An intraday short sell needs margin too. As a market order it goes as a limit 0.5% below the last price, 815.90, and
        // blocks 20% of 700 × 815.90 = 1,14,226 > 1,00,000.
        var bigShort = await pipeline.PlaceAsync(Request("r-3", OrderSide.Sell, ProductType.Intraday, 700));
        Assert.Equal("Insufficient funds: margin required ₹1,14,226.00, available ₹1,00,000.00.", bigShort.Errors["PreTrade"]);

        // A sell stop below the market rests as Trigger pending, then fills once the price trades through it.
        var stop = await pipeline.PlaceAsync(Request("r-4", OrderSide.Sell, ProductType.Intraday, 10, OrderType.StopLossMarket, 815m));
        Assert.True(stop.Accepted, stop.Message);
        Assert.Equal(OrderStatus.TriggerPending, stop.Order!.Status);
        await app.App.Services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(Sbin, 814m, DateTime.UtcNow, PreviousClose: 800m), CancellationToken.None);
        var filled = await Eventually.MatchAsync(async () =>
        {
            await using var db = app.App.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
            return await db.Orders.AsNoTracking().SingleAsync(o => o.Id == stop.Order.Id);
        }, o => o.Status == OrderStatus.Filled, "the stop to fill");
        Assert.Equal(814m, filled.AverageFillPrice);

        await using var check = app.App.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
        Assert.Equal(1, await check.Orders.CountAsync(o => o.UserId == userId)); // the refused ones stored nothing
        var steps = await check.OrderEvents.Where(e => e.OrderId == stop.Order.Id).OrderBy(e => e.Id).Select(e => e.ToStatus).ToListAsync();
        Assert.Equal([OrderStatus.PendingSubmit, OrderStatus.Open, OrderStatus.TriggerPending, OrderStatus.Filled], steps);
    }
}
