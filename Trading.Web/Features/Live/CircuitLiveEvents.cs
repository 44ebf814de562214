using Microsoft.AspNetCore.Components.Authorization;
using Trading.Web.Components.Account;

namespace Trading.Web.Features.Live;

/// <summary>
/// Scoped per circuit: components subscribe through it, and every subscription ends when the circuit
/// (its DI scope) is disposed, even if a component forgets to unsubscribe.
/// </summary>
public sealed class CircuitLiveEvents(LiveEventHub hub, AuthenticationStateProvider authentication) : IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private bool _disposed;

    /// <summary>Subscribes to the signed-in user's events of the given topics (all topics when none given).</summary>
    public async Task<IDisposable> SubscribeAsync(Func<LiveEvent, Task> handler, params string[] topics)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var userId = state.User.GetUserId() ?? throw new InvalidOperationException("Live events need a signed-in user.");
        return Subscribe(userId, handler, topics);
    }

    public IDisposable Subscribe(Guid userId, Func<LiveEvent, Task> handler, params string[] topics)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var filtered = topics.Length == 0 ? handler : e => topics.Contains(e.Topic) ? handler(e) : Task.CompletedTask;
        var subscription = hub.Subscribe(userId, filtered);
        lock (_subscriptions)
        {
            _subscriptions.Add(subscription);
        }
        return subscription;
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _disposed = true;
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }
            _subscriptions.Clear();
        }
    }
}
