using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Orders;

namespace Trading.Tests.Integration;

/// <summary>Keyset paging of the blotter on both providers: pages never overlap or skip, including rows created at the same instant.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class OrderQueryTests
{
    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task Keyset_pages_walk_every_matching_order_newest_first_exactly_once(string provider)
    {
        await using var postgres = new PostgresDatabase();
        var file = Path.Combine(Path.GetTempPath(), $"orders-{Guid.NewGuid():N}.db");
        DatabaseProvider kind;
        string connectionString;
        if (provider == "Postgres")
        {
            await postgres.InitializeAsync();
            (kind, connectionString) = (DatabaseProvider.Postgres, postgres.ConnectionString);
        }
        else
        {
            (kind, connectionString) = (DatabaseProvider.Sqlite, $"Data Source={file}");
        }
        await using var services = TestDb.Services(kind, connectionString);
        var userId = Guid.NewGuid();
        var otherUser = Guid.NewGuid();
        var (strategyId, userStrategyId) = (Guid.NewGuid(), Guid.NewGuid());
        var t0 = new DateTime(2026, 11, 20, 4, 0, 0, DateTimeKind.Utc);
        await using (var db = services.Create())
        {
            await db.Database.MigrateAsync();
            foreach (var id in new[] { userId, otherUser })
            {
                db.Users.Add(new ApplicationUser { Id = id, UserName = $"{id:N}@x", Email = "x@x", DisplayName = "X", CreatedAt = t0 });
            }
            for (var i = 0; i < 23; i++)
            {
                // Pairs of orders share a timestamp, so the id must break ties.
                var created = t0.AddMinutes(i / 2);
                db.Orders.Add(NewOrder(userId, $"c{i}", created, i % 3 == 0 ? OrderStatus.Cancelled : OrderStatus.Filled, i % 2 == 0 ? "SBIN-EQ" : "TCS-EQ"));
            }
            db.Orders.Add(NewOrder(otherUser, "theirs", t0.AddMinutes(30), OrderStatus.Filled, "SBIN-EQ"));
            var strategy = new Strategy { Id = strategyId, Code = "orb", Name = "Opening range breakout", CreatedAt = t0, UpdatedAt = t0 };
            db.Strategies.Add(strategy);
            var version = new StrategyVersion { Id = Guid.NewGuid(), StrategyId = strategyId, Version = 1, Name = strategy.Name, CreatedAt = t0 };
            db.StrategyVersions.Add(version);
            var accounts = new[] { userId, otherUser }.ToDictionary(u => u, u => new BrokerAccount { Id = Guid.NewGuid(), UserId = u, Label = "Paper", CreatedAt = t0, UpdatedAt = t0 });
            db.BrokerAccounts.AddRange(accounts.Values);
            db.UserStrategies.Add(new UserStrategy { Id = userStrategyId, UserId = userId, StrategyId = strategyId, StrategyVersionId = version.Id, BrokerAccountId = accounts[userId].Id, ActivatedAt = t0 });
            db.UserStrategies.Add(new UserStrategy { Id = Guid.NewGuid(), UserId = otherUser, StrategyId = strategyId, StrategyVersionId = version.Id, BrokerAccountId = accounts[otherUser].Id, ActivatedAt = t0 });
            foreach (var i in new[] { 3, 4, 5 })
            {
                var byStrategy = NewOrder(userId, $"s{i}", t0.AddMinutes(40 + i), OrderStatus.Filled, "TCS-EQ");
                byStrategy.Source = OrderSource.Strategy;
                byStrategy.UserStrategyId = userStrategyId;
                db.Orders.Add(byStrategy);
            }
            await db.SaveChangesAsync();
        }
        var query = new OrderQuery(services.GetRequiredService<IDbContextFactory<TradingDbContext>>());

        var all = await WalkAsync(query, userId, new OrderFilter(), 5);
        Assert.Equal(26, all.Count);
        Assert.Equal(26, all.Select(o => o.Id).Distinct().Count());
        Assert.Equal(all.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Select(o => o.Id), all.Select(o => o.Id));
        Assert.DoesNotContain(all, o => o.UserId != userId);

        var filled = await WalkAsync(query, userId, new OrderFilter(OrderStatus.Filled, "sbi"), 3);
        Assert.Equal(all.Count(o => o.Status == OrderStatus.Filled && o.TradingSymbol == "SBIN-EQ"), filled.Count);
        Assert.All(filled, o => Assert.Equal(("SBIN-EQ", OrderStatus.Filled), (o.TradingSymbol, o.Status)));

        var choice = Assert.Single(await query.StrategiesAsync(userId));
        Assert.Equal((userStrategyId, "Opening range breakout (since 20 Nov 2026)"), (choice.Id, choice.Name));
        var fromStrategy = await WalkAsync(query, userId, new OrderFilter(UserStrategyId: userStrategyId), 2);
        Assert.Equal(["s5", "s4", "s3"], fromStrategy.Select(o => o.ClientOrderId));

        var oneDay = await WalkAsync(query, userId, new OrderFilter(From: new DateOnly(2026, 11, 21)), 10);
        Assert.Empty(oneDay);

        SqliteConnection.ClearAllPools();
        File.Delete(file);
    }

    private static async Task<List<Order>> WalkAsync(OrderQuery query, Guid userId, OrderFilter filter, int size)
    {
        var all = new List<Order>();
        OrderCursor? cursor = null;
        for (var page = 0; page < 100; page++)
        {
            var items = await query.PageAsync(userId, filter, cursor, size);
            all.AddRange(items);
            if (items.Count < size) break;
            cursor = new OrderCursor(items[^1].CreatedAt, items[^1].Id);
        }
        return all;
    }

    private static Order NewOrder(Guid userId, string clientId, DateTime created, OrderStatus status, string symbol) => new()
    {
        Id = Guid.NewGuid(), UserId = userId, ClientOrderId = clientId, Exchange = Exchange.NSE, TradingSymbol = symbol, SymbolToken = "1",
        Side = OrderSide.Buy, OrderType = OrderType.Market, ProductType = ProductType.Intraday, Quantity = 1, Status = status,
        Source = OrderSource.Manual, CreatedAt = created, UpdatedAt = created,
    };
}
