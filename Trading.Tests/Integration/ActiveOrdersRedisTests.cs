using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Components.Account;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;

namespace Trading.Tests.Integration;

/// <summary>With Redis configured, working orders' status lives in a per-user Redis hash and leaves it when the order is done.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class ActiveOrdersRedisTests
{
    [Fact]
    public async Task Working_orders_are_in_the_users_redis_hash_until_they_finish()
    {
        await using var postgres = new PostgresDatabase();
        await postgres.InitializeAsync();
        await using var app = TradingAppFactory.ForPostgres(postgres.ConnectionString, TestEnvironment.RedisConnectionString).With("MarketData:Feed", "None");
        var (userId, _) = await TestUsers.CreateTraderAsync(app.Services, 1_000_000m, "Redis Trader");
        Assert.IsType<RedisActiveOrderStore>(app.Services.GetRequiredService<IActiveOrderStore>());
        var sbin = new InstrumentKey(Exchange.NSE, "3045");
        await app.Services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(sbin, 800m, DateTime.UtcNow), CancellationToken.None);
        var pipeline = app.Services.GetRequiredService<OrderPipeline>();

        var order = (await pipeline.PlaceAsync(new PlaceOrderRequest(userId, "redis-1", Exchange.NSE, "3045", OrderSide.Buy, OrderType.Limit,
            ProductType.Intraday, OrderVariety.Normal, OrderValidity.Day, 10, 790m))).Order!;

        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.RedisConnectionString);
        var hash = redis.GetDatabase();
        var entry = await hash.HashGetAsync(RedisRedisKey(userId), order.Id.ToString());
        Assert.Contains("\"status\":\"Open\"", entry.ToString());
        Assert.Contains("\"symbol\":\"SBIN-EQ\"", entry.ToString());

        await app.Services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(sbin, 789m, DateTime.UtcNow), CancellationToken.None);
        await Eventually.TrueAsync(async () => !await hash.HashExistsAsync(RedisRedisKey(userId), order.Id.ToString()), "the filled order to leave the hash");
    }

    private static RedisKey RedisRedisKey(Guid userId) => RedisActiveOrderStore.KeyFor(userId);
}
