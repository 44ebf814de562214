namespace Trading.Web.Features.Common;

/// <summary>
/// Scoped per circuit: subscriptions made through it end when the circuit (its DI scope) is disposed, even if a
/// component forgets to unsubscribe.
/// </summary>
public abstract class CircuitSubscriptions : IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private bool _disposed;

    protected IDisposable Track(Func<IDisposable> subscribe)
    {
        lock (_subscriptions)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var subscription = subscribe();
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
