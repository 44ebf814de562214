using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Orders;

namespace Trading.Tests.Integration;

/// <summary>Orders hears brokers through one door: an update published there reaches the local order, even one that beat its placement record.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class BrokerOrderUpdatesTests
{
    [Fact]
    public async Task An_update_that_arrives_before_the_placement_is_recorded_is_applied_once_it_is()
    {
        await using var app = await ProviderApp.StartAsync("Sqlite", a => a.With("MarketData:Feed", "None"));
        var services = app.App.Services;
        var (userId, _) = await TestUsers.CreateTraderAsync(services);
        Guid accountId;
        await using (var db = services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext())
        {
            accountId = await db.BrokerAccounts.Where(a => a.UserId == userId).Select(a => a.Id).SingleAsync();
        }
        var now = DateTime.UtcNow;
        var order = new Order
        {
            Id = Guid.CreateVersion7(), UserId = userId, BrokerAccountId = accountId, ClientOrderId = "door-1", Exchange = Exchange.NSE,
            TradingSymbol = "SBIN-EQ", SymbolToken = "3045", Side = OrderSide.Buy, OrderType = OrderType.Limit, ProductType = ProductType.Intraday,
            Quantity = 10, Price = 800m, Status = OrderStatus.Open, BrokerOrderId = "X-1", CreatedAt = now, UpdatedAt = now,
        };
        var filled = new BrokerOrder("X-1", Exchange.NSE, "SBIN-EQ", "3045", OrderSide.Buy, OrderType.Limit, ProductType.Intraday, OrderVariety.Normal,
            10, 800m, null, BrokerOrderStatus.Complete, 10, 799.5m, null, now, null, """{"status":"complete"}""");

        // The broker reports the fill first; the app's record of the placement lands a moment later.
        await services.GetRequiredService<IBrokerOrderUpdates>().PublishAsync(new BrokerOrderUpdate(accountId, filled, "Broker X update."));
        Assert.True(await services.GetRequiredService<IOrderWrites>().InsertNewAsync(order,
            new OrderEvent { OrderId = order.Id, UserId = userId, ToStatus = OrderStatus.Open, Message = "Placed.", OccurredAt = now }, CancellationToken.None));

        var stored = await Eventually.MatchAsync(async () =>
        {
            await using var db = services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
            return await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id);
        }, o => o.Status == OrderStatus.Filled, "the early fill to be applied");
        Assert.Equal((10, 799.5m), (stored.FilledQuantity, stored.AverageFillPrice!.Value));
        await using var check = services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
        Assert.Equal("Broker X update. Filled 10 @ 799.50.", (await check.OrderEvents.Where(e => e.OrderId == order.Id).OrderBy(e => e.Id).ToListAsync()).Last().Message);
        Assert.Equal(10, (await check.Positions.SingleAsync(p => p.UserId == userId)).NetQuantity);
    }
}
