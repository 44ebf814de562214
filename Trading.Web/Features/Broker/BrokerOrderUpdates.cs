namespace Trading.Web.Features.Broker;

/// <summary>A broker's news about one of its orders: the order as the broker now holds it.</summary>
public sealed record BrokerOrderUpdate(Guid BrokerAccountId, BrokerOrder Order, string Message);

/// <summary>
/// The one door from brokers to the app for order updates: brokers (the paper fill engine, Angel One's order-status
/// WebSocket) publish here; features subscribe here and never reach into a broker's own types.
/// </summary>
public interface IBrokerOrderUpdates
{
    Task PublishAsync(BrokerOrderUpdate update);

    /// <summary>Hears every update published on this instance until the returned subscription is disposed.</summary>
    IDisposable Subscribe(Func<BrokerOrderUpdate, Task> handler);
}

/// <summary>In-process: an update reaches the subscribers of the instance whose broker connection produced it.</summary>
public sealed class BrokerOrderUpdateHub(ILogger<BrokerOrderUpdateHub> logger) : IBrokerOrderUpdates
{
    private Func<BrokerOrderUpdate, Task>[] _handlers = [];

    public async Task PublishAsync(BrokerOrderUpdate update)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                await handler(update);
            }
            catch (Exception ex)
            {
                // One failing subscriber must not keep the others from hearing it, nor fail the broker that published.
                logger.LogWarning(ex, "A subscriber failed on the update of broker order {BrokerOrderId}", update.Order.BrokerOrderId);
            }
        }
    }

    public IDisposable Subscribe(Func<BrokerOrderUpdate, Task> handler)
    {
        Swap(handlers => [.. handlers, handler]);
        return new Subscription(() => Swap(handlers => handlers.Where(h => h != handler).ToArray()));
    }

    private void Swap(Func<Func<BrokerOrderUpdate, Task>[], Func<BrokerOrderUpdate, Task>[]> change)
    {
        while (true)
        {
            var current = Volatile.Read(ref _handlers);
            if (Interlocked.CompareExchange(ref _handlers, change(current), current) == current) return;
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose();
        }
    }
}
