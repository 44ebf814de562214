namespace Trading.Web.Features.MarketData;

/// <summary>Scoped per circuit: tick subscriptions made through it end with the circuit at the latest.</summary>
public sealed class CircuitTicks(TickHub hub) : IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private bool _disposed;

    public IDisposable Subscribe(InstrumentKey instrument, Func<Tick, Task> handler)
    {
        lock (_subscriptions)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var subscription = hub.Subscribe(instrument, handler);
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _disposed = true;
            _subscriptions.ForEach(s => s.Dispose());
            _subscriptions.Clear();
        }
    }
}
