using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;

namespace Trading.Tests.Integration;

/// <summary>
/// The order writes on both databases (plain SQL on PostgreSQL, EF Core on SQLite): the same rows, through the same
/// position calculation, and the same refusals.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class OrderWritesTests
{
    private static readonly InstrumentKey Sbin = new(Exchange.NSE, "3045");

    private static Task<ProviderApp> StartAsync(string provider) => ProviderApp.StartAsync(provider, app => app
        .With("MarketData:Feed", "None").With("Paper:SlippagePercent", "0").WithClock(new MarketHoursClock()));

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task Fills_through_the_pipeline_keep_positions_right_through_adds_a_partial_close_and_a_flip(string provider)
    {
        await using var app = await StartAsync(provider);
        var (userId, _) = await TestUsers.CreateTraderAsync(app.App.Services, 1_000_000m);
        var pipeline = app.App.Services.GetRequiredService<OrderPipeline>();

        // Buy 10 @ 100, buy 10 @ 110, sell 15 @ 120, sell 10 @ 90 (slippage 0): average 105; the sells realize
        // 15 × (120 − 105) = 225 and 5 × (90 − 105) = −75, closing the long at 150; the last 5 open a short at 90.
        var steps = new[] { (OrderSide.Buy, 10, 100m), (OrderSide.Buy, 10, 110m), (OrderSide.Sell, 15, 120m), (OrderSide.Sell, 10, 90m) };
        for (var i = 0; i < steps.Length; i++)
        {
            var (side, quantity, price) = steps[i];
            await app.App.Services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(Sbin, price, DateTime.UtcNow, PreviousClose: price), CancellationToken.None);
            var placed = await pipeline.PlaceAsync(new PlaceOrderRequest(userId, $"worked-{i}", Exchange.NSE, "3045", side, OrderType.Market,
                ProductType.Intraday, OrderVariety.Normal, OrderValidity.Day, quantity));
            Assert.Equal((OrderStatus.Filled, quantity, price), (placed.Order!.Status, placed.Order.FilledQuantity, placed.Order.AverageFillPrice!.Value));
        }

        await using var db = Db(app);
        var positions = (await db.Positions.Where(p => p.UserId == userId).ToListAsync()).OrderBy(p => p.OpenedAt).ThenBy(p => p.ClosedAt == null).ToList();
        Assert.Equal(2, positions.Count);
        var closed = positions[0];
        Assert.Equal((0, 150m, 20, 20), (closed.NetQuantity, closed.RealizedPnl, closed.BuyQuantity, closed.SellQuantity));
        Assert.NotNull(closed.ClosedAt);
        var shortNow = positions[1];
        Assert.Equal((-5, 90m, 0m, (DateTime?)null), (shortNow.NetQuantity, shortNow.AveragePrice, shortNow.RealizedPnl, shortNow.ClosedAt));
        var trades = await db.Trades.Where(t => t.UserId == userId).OrderBy(t => t.Id).ToListAsync();
        Assert.Equal([10, 10, 15, 10], trades.Select(t => t.Quantity));
        Assert.All(trades, t => Assert.True(t.Charges > 0));
        Assert.Equal(trades.Sum(t => t.Charges), closed.Charges + shortNow.Charges); // every fill's charges counted once
        var events = await db.OrderEvents.Where(e => e.UserId == userId).OrderBy(e => e.Id).Select(e => e.ToStatus).ToListAsync();
        Assert.Equal(Enumerable.Repeat(new[] { OrderStatus.PendingSubmit, OrderStatus.Open, OrderStatus.Filled }, 4).SelectMany(x => x), events);

        // The paper broker's own books agree: reconciliation (its working-status queries on this database) changes nothing.
        var reconciliation = await app.App.Services.GetRequiredService<OrderReconciler>().ReconcileAsync();
        Assert.Equal((0, 0), (reconciliation.OrdersChecked, reconciliation.OrdersChanged));
        Assert.Empty(reconciliation.Problems);
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task One_change_with_two_fills_moves_the_position_once_per_fill_and_stale_or_repeated_writes_store_nothing(string provider)
    {
        await using var app = await StartAsync(provider);
        var (userId, _) = await TestUsers.CreateTraderAsync(app.App.Services);
        var writes = app.App.Services.GetRequiredService<IOrderWrites>();
        var now = DateTime.UtcNow;
        var order = new Order
        {
            Id = Guid.CreateVersion7(), UserId = userId, ClientOrderId = "two-fills", Exchange = Exchange.NSE, TradingSymbol = "SBIN-EQ", SymbolToken = "3045",
            Side = OrderSide.Buy, OrderType = OrderType.Limit, ProductType = ProductType.Intraday, Quantity = 10, Price = 110m,
            Status = OrderStatus.PendingSubmit, CreatedAt = now, UpdatedAt = now,
        };
        Assert.True(await writes.InsertNewAsync(order, Event(order, null, OrderStatus.PendingSubmit, now), CancellationToken.None));
        var again = new Order { Id = Guid.CreateVersion7(), UserId = userId, ClientOrderId = "two-fills", Exchange = Exchange.NSE, TradingSymbol = "SBIN-EQ",
            SymbolToken = "3045", Quantity = 1, CreatedAt = now, UpdatedAt = now };
        Assert.False(await writes.InsertNewAsync(again, Event(again, null, OrderStatus.PendingSubmit, now), CancellationToken.None)); // same client order id

        // Placed, then filled 4 @ 100 and 6 @ 110 in one change: the position is 10 @ (400 + 660) / 10 = 106.
        var decision = OrderTransitions.Placed(OrderState.Of(order), new Trading.Web.Features.Broker.BrokerOrderResult("B-1", null, "{}"));
        decision = decision with
        {
            State = decision.State with { Status = OrderStatus.Filled, FilledQuantity = 10, AverageFillPrice = 106m },
            Steps = [.. decision.Steps, new OrderStep(OrderStatus.Open, OrderStatus.PartiallyFilled, "Fill.", null, new OrderFill(4, 100m, 4)),
                new OrderStep(OrderStatus.PartiallyFilled, OrderStatus.Filled, "Fill.", null, new OrderFill(6, 110m, 10))],
        };
        decision.State.CopyTo(order);
        Assert.True(await writes.SaveChangeAsync(order, 0, OrderChangeRows.From(order, decision, "", now), CancellationToken.None));
        Assert.Equal(1u, order.Version);

        var stale = OrderChangeRows.From(order, new OrderDecision(decision.State, [new OrderStep(OrderStatus.Filled, OrderStatus.Filled, "Stale.", null,
            new OrderFill(1, 120m, 11))]), "", now);
        Assert.False(await writes.SaveChangeAsync(order, 0, stale, CancellationToken.None)); // version 0 is gone

        await using var db = Db(app);
        var stored = await db.Orders.SingleAsync(o => o.UserId == userId);
        Assert.Equal((OrderStatus.Filled, 10, 106m, "B-1", 1u), (stored.Status, stored.FilledQuantity, stored.AverageFillPrice!.Value, stored.BrokerOrderId, stored.Version));
        var position = await db.Positions.SingleAsync(p => p.UserId == userId);
        Assert.Equal((10, 106m, 10, 1060m), (position.NetQuantity, position.AveragePrice, position.BuyQuantity, position.BuyValue));
        var trades = await db.Trades.Where(t => t.UserId == userId).OrderBy(t => t.Id).ToListAsync();
        Assert.Equal([("B-1-4", 4, 100m), ("B-1-10", 6, 110m)], trades.Select(t => (t.BrokerTradeId!, t.Quantity, t.Price)));
        Assert.Equal(trades.Sum(t => t.Charges), position.Charges);
        Assert.Equal([OrderStatus.PendingSubmit, OrderStatus.Open, OrderStatus.PartiallyFilled, OrderStatus.Filled],
            await db.OrderEvents.Where(e => e.UserId == userId).OrderBy(e => e.Id).Select(e => e.ToStatus).ToListAsync());
        Assert.Equal(1, await db.OrderClientIds.CountAsync(k => k.UserId == userId));
    }

    private static OrderEvent Event(Order order, OrderStatus? from, OrderStatus to, DateTime at) =>
        new() { OrderId = order.Id, UserId = order.UserId, FromStatus = from, ToStatus = to, Message = "Received.", OccurredAt = at };

    private static TradingDbContext Db(ProviderApp app) => app.App.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
}
