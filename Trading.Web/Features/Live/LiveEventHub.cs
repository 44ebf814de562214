using System.Collections.Concurrent;

namespace Trading.Web.Features.Live;

/// <summary>This instance's subscribers, by user. Publishers deliver here; circuits subscribe here.</summary>
public sealed class LiveEventHub(ILogger<LiveEventHub> logger)
{
    private readonly ConcurrentDictionary<Guid, ImmutableSubscribers> _byUser = new();

    public IDisposable Subscribe(Guid userId, Func<LiveEvent, Task> handler)
    {
        var subscription = new Subscription(this, userId, handler);
        _byUser.AddOrUpdate(userId, _ => new([subscription]), (_, existing) => existing.With(subscription));
        return subscription;
    }

    public int SubscriberCount(Guid userId) => _byUser.TryGetValue(userId, out var s) ? s.Items.Length : 0;

    public int TotalSubscribers => _byUser.Values.Sum(s => s.Items.Length);

    public async Task DispatchAsync(LiveEvent liveEvent)
    {
        if (!_byUser.TryGetValue(liveEvent.UserId, out var subscribers))
        {
            return;
        }
        await Task.WhenAll(subscribers.Items.Select(s => InvokeAsync(s, liveEvent)));
    }

    private async Task InvokeAsync(Subscription subscription, LiveEvent liveEvent)
    {
        try
        {
            await subscription.Handler(liveEvent);
        }
        catch (Exception ex)
        {
            // One broken circuit must not stop the others from hearing the event.
            logger.LogWarning(ex, "A live event subscriber failed for topic {Topic}", liveEvent.Topic);
        }
    }

    private void Remove(Subscription subscription)
    {
        while (_byUser.TryGetValue(subscription.UserId, out var existing))
        {
            var updated = existing.Without(subscription);
            if (updated.Items.Length == 0)
            {
                if (((ICollection<KeyValuePair<Guid, ImmutableSubscribers>>)_byUser).Remove(new(subscription.UserId, existing)))
                {
                    return;
                }
            }
            else if (_byUser.TryUpdate(subscription.UserId, updated, existing))
            {
                return;
            }
        }
    }

    private sealed record ImmutableSubscribers(Subscription[] Items)
    {
        public ImmutableSubscribers With(Subscription s) => new([.. Items, s]);
        public ImmutableSubscribers Without(Subscription s) => new(Items.Where(x => !ReferenceEquals(x, s)).ToArray());
    }

    private sealed class Subscription(LiveEventHub hub, Guid userId, Func<LiveEvent, Task> handler) : IDisposable
    {
        private int _disposed;
        public Guid UserId { get; } = userId;
        public Func<LiveEvent, Task> Handler { get; } = handler;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                hub.Remove(this);
            }
        }
    }
}
