using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Broker;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;
using Trading.Web.Features.Positions;

namespace Trading.Tests.Integration;

/// <summary>The broker's intraday lifecycle on paper: the warning, the auto square-off at the cut-off, and converting a position.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class IntradayLifecycleTests
{
    private static readonly InstrumentKey Sbin = new(Exchange.NSE, "3045");

    private static async Task<(ProviderApp App, Guid UserId)> StartAsync(string provider, TimeProvider clock, decimal capital)
    {
        // The job is off: the test runs the square-off itself at the times it sets.
        var app = await ProviderApp.StartAsync(provider, a => a.With("MarketData:Feed", "None").With("Paper:SlippagePercent", "0")
            .With("Jobs:IntradaySquareOff:Enabled", "false").WithClock(clock));
        var (userId, _) = await TestUsers.CreateTraderAsync(app.App.Services, capital);
        await app.App.Services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(Sbin, 800m, DateTime.UtcNow, PreviousClose: 800m), CancellationToken.None);
        return (app, userId);
    }

    private static async Task<Order> PlaceAsync(ProviderApp app, Guid userId, string id, ProductType product, int quantity, OrderType type = OrderType.Market,
        decimal? price = null)
    {
        var placed = await app.App.Services.GetRequiredService<OrderPipeline>().PlaceAsync(new PlaceOrderRequest(userId, id, Exchange.NSE, "3045",
            OrderSide.Buy, type, product, OrderVariety.Normal, OrderValidity.Day, quantity, price));
        Assert.True(placed.Accepted, placed.Message);
        return placed.Order!;
    }

    private static TradingDbContext Db(ProviderApp app) => app.App.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task Intraday_positions_are_warned_about_then_squared_off_at_the_cut_off_with_their_pending_orders(string provider)
    {
        var clock = new SettableClock(SettableClock.Ist(15, 0));
        var (app, userId) = await StartAsync(provider, clock, 1_000_000m);
        await using var _ = app;
        await PlaceAsync(app, userId, "mis", ProductType.Intraday, 10);
        var resting = await PlaceAsync(app, userId, "mis-limit", ProductType.Intraday, 5, OrderType.Limit, 790m);
        await PlaceAsync(app, userId, "cnc", ProductType.Delivery, 2);
        var squareOff = app.App.Services.GetRequiredService<IntradaySquareOff>();

        await squareOff.RunAsync(CancellationToken.None); // 15:00: nothing due yet
        clock.Now = SettableClock.Ist(15, 6);              // 10 minutes before 15:15: the warning, once
        await squareOff.RunAsync(CancellationToken.None);
        await squareOff.RunAsync(CancellationToken.None);
        await using (var db = Db(app))
        {
            var warning = Assert.Single(await db.Notifications.AsNoTracking().Where(n => n.UserId == userId && n.Kind == NotificationKind.SquareOff).ToListAsync());
            Assert.Equal("Intraday positions close soon: Equity at 15:15 IST", warning.Title);
            Assert.Equal(2, await db.Positions.CountAsync(p => p.UserId == userId && p.ClosedAt == null));
        }

        clock.Now = SettableClock.Ist(15, 15);
        await squareOff.RunAsync(CancellationToken.None);

        await using var check = Db(app);
        var open = await check.Positions.AsNoTracking().Where(p => p.UserId == userId && p.ClosedAt == null).ToListAsync();
        Assert.Equal((ProductType.Delivery, 2), (Assert.Single(open).ProductType, open[0].NetQuantity)); // delivery stays
        var exit = await check.Orders.AsNoTracking().SingleAsync(o => o.UserId == userId && o.Source == OrderSource.AutoSquareOff);
        Assert.Equal((OrderSide.Sell, 10, OrderStatus.Filled, ProductType.Intraday), (exit.Side, exit.Quantity, exit.Status, exit.ProductType));
        Assert.Equal(OrderStatus.Cancelled, (await check.Orders.AsNoTracking().SingleAsync(o => o.Id == resting.Id)).Status);
        var report = await check.Notifications.AsNoTracking().SingleAsync(n => n.UserId == userId && n.Title.StartsWith("Intraday Equity positions squared off"));
        Assert.Equal("SBIN-EQ: cancelled Buy 5 Limit; Sell 10 filled.", report.Body);

        await squareOff.RunAsync(CancellationToken.None); // a later run finds nothing more to do
        Assert.Equal(1, await check.Orders.CountAsync(o => o.UserId == userId && o.Source == OrderSource.AutoSquareOff));
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task A_position_converts_to_delivery_when_the_margin_allows(string provider)
    {
        var (app, userId) = await StartAsync(provider, new SettableClock(SettableClock.Ist(11, 0)), 10_000m);
        await using var _ = app;
        // Buy 50 intraday @ 800 = 40,000: margin 20% = 8,000; charges: brokerage 0.03% = 12.00, exchange 1.19, IPFT 0.04, SEBI 0.04,
        // stamp 1.20, GST 18% × 13.27 = 2.39 → 16.86. Available 10,000 − 16.86 − 8,000 = 1,983.14.
        await PlaceAsync(app, userId, "mis", ProductType.Intraday, 50);
        var positions = app.App.Services.CreateScope().ServiceProvider.GetRequiredService<PositionsService>();
        Guid IntradayId() { using var db = Db(app); return db.Positions.Single(p => p.UserId == userId && p.ClosedAt == null && p.ProductType == ProductType.Intraday).Id; }

        // All 50 to delivery would block 40,000 instead of 8,000: 32,000 more than is there.
        Assert.Equal("Converting needs ₹32,000.00 more margin, available ₹1,983.14.", await positions.ConvertAsync(userId, IntradayId(), ProductType.Delivery, 50));
        // 2 need 2 × 800 − 2 × 160 = 1,280 more: converted at the 800 average, with no trade and no charges.
        Assert.Null(await positions.ConvertAsync(userId, IntradayId(), ProductType.Delivery, 2));
        Assert.Equal("Equity positions convert between intraday (MIS) and delivery (CNC).", await positions.ConvertAsync(userId, IntradayId(), ProductType.CarryForward, 2));

        await using var check = Db(app);
        var open = (await check.Positions.AsNoTracking().Where(p => p.UserId == userId && p.ClosedAt == null).ToListAsync()).OrderBy(p => p.ProductType).ToList();
        Assert.Equal([(ProductType.Intraday, 48, 800m), (ProductType.Delivery, 2, 800m)], open.Select(p => (p.ProductType, p.NetQuantity, p.AveragePrice)));
        Assert.Equal(1, await check.Trades.CountAsync(t => t.UserId == userId));
        var broker = (await app.App.Services.GetRequiredService<BrokerFactory>().ForUserAsync(userId, null))!.Value.Broker;
        var books = await broker.GetPositionsAsync();
        Assert.Equal([(ProductType.Intraday, 48), (ProductType.Delivery, 2)], books.OrderBy(b => b.ProductType).Select(b => (b.ProductType, b.NetQuantity)));
        // Cash is unchanged by the conversion; margin is now 48 × 160 + 2 × 800 = 9,280.
        var funds = await broker.GetFundsAsync();
        Assert.Equal((9_983.14m, 9_280m, 703.14m), (funds.Net, funds.UsedMargin, funds.AvailableCash));
    }
}
