using System.Collections.Concurrent;
using System.Text.Json;
using StackExchange.Redis;
using Trading.Data.Entities;
using Order = Trading.Data.Entities.Order;

namespace Trading.Web.Features.Orders;

/// <summary>Live status of a trader's working orders: a Redis hash per user when Redis is configured, memory otherwise.</summary>
public interface IActiveOrderStore
{
    Task SetAsync(Order order);
}

public static class ActiveOrders
{
    public static string Describe(Order o) => JsonSerializer.Serialize(new { status = o.Status.ToString(), filled = o.FilledQuantity, o.Quantity, symbol = o.TradingSymbol });
}

public sealed class MemoryActiveOrderStore : IActiveOrderStore
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, string>> _byUser = new();

    public Task SetAsync(Order order)
    {
        var orders = _byUser.GetOrAdd(order.UserId, _ => new());
        if (order.Status.IsWorking()) orders[order.Id] = ActiveOrders.Describe(order);
        else orders.TryRemove(order.Id, out _);
        return Task.CompletedTask;
    }
}

/// <summary><c>trading:orders:active:{userId}</c>: field = order id, value = status JSON; finished orders are removed.</summary>
public sealed class RedisActiveOrderStore(IConnectionMultiplexer redis, ILogger<RedisActiveOrderStore> logger) : IActiveOrderStore
{
    public static RedisKey KeyFor(Guid userId) => $"trading:orders:active:{userId:N}";

    public async Task SetAsync(Order order)
    {
        try
        {
            var db = redis.GetDatabase();
            if (order.Status.IsWorking()) await db.HashSetAsync(KeyFor(order.UserId), order.Id.ToString(), ActiveOrders.Describe(order));
            else await db.HashDeleteAsync(KeyFor(order.UserId), order.Id.ToString());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The database has the truth; the hash is a cache that the next change repairs.
            logger.LogWarning("Could not update the active-order cache in Redis: {Message}", ex.Message);
        }
    }
}
