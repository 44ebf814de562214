using System.Collections.Concurrent;

namespace Trading.Web.Features.Common;

/// <summary>
/// This instance's subscribers, by key (a user, an instrument). Publishers deliver here; circuits subscribe here.
/// Lock-free for readers: each key holds an immutable array that writers swap.
/// </summary>
public abstract class KeyedHub<TKey, TEvent>(ILogger logger) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Subscription[]> _byKey = new();

    public IDisposable Subscribe(TKey key, Func<TEvent, Task> handler)
    {
        var subscription = new Subscription(this, key, handler);
        _byKey.AddOrUpdate(key, _ => [subscription], (_, existing) => [.. existing, subscription]);
        OnSubscribersChanged(key, SubscriberCount(key));
        return subscription;
    }

    public int SubscriberCount(TKey key) => _byKey.TryGetValue(key, out var s) ? s.Length : 0;

    public IReadOnlyCollection<TKey> Keys => _byKey.Keys.ToArray();

    public async Task DispatchAsync(TKey key, TEvent @event)
    {
        if (!_byKey.TryGetValue(key, out var subscribers))
        {
            return;
        }
        if (subscribers.Length == 1)
        {
            await InvokeAsync(subscribers[0], @event);
            return;
        }
        await Task.WhenAll(subscribers.Select(s => InvokeAsync(s, @event)));
    }

    /// <summary>Called after a key's subscriber count changed (e.g. to start or stop a market-data subscription).</summary>
    protected virtual void OnSubscribersChanged(TKey key, int count)
    {
    }

    private async Task InvokeAsync(Subscription subscription, TEvent @event)
    {
        try
        {
            await subscription.Handler(@event);
        }
        catch (Exception ex)
        {
            // One broken circuit must not stop the others from hearing the event.
            logger.LogWarning(ex, "A subscriber failed handling {Event}", typeof(TEvent).Name);
        }
    }

    private void Remove(Subscription subscription)
    {
        while (_byKey.TryGetValue(subscription.Key, out var existing))
        {
            var updated = existing.Where(s => !ReferenceEquals(s, subscription)).ToArray();
            var done = updated.Length == 0
                ? _byKey.TryRemove(new KeyValuePair<TKey, Subscription[]>(subscription.Key, existing))
                : _byKey.TryUpdate(subscription.Key, updated, existing);
            if (done)
            {
                OnSubscribersChanged(subscription.Key, updated.Length);
                return;
            }
        }
    }

    private sealed class Subscription(KeyedHub<TKey, TEvent> hub, TKey key, Func<TEvent, Task> handler) : IDisposable
    {
        private int _disposed;
        public TKey Key { get; } = key;
        public Func<TEvent, Task> Handler { get; } = handler;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                hub.Remove(this);
            }
        }
    }
}
