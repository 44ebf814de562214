using Microsoft.AspNetCore.Components.Authorization;
using Trading.Web.Components.Account;
using Trading.Web.Features.Common;

namespace Trading.Web.Features.Live;

/// <summary>Live-event subscriptions of one circuit; they end with the circuit at the latest.</summary>
public sealed class CircuitLiveEvents(LiveEventHub hub, AuthenticationStateProvider authentication) : CircuitSubscriptions
{
    /// <summary>Subscribes to the signed-in user's events of the given topics (all topics when none given).</summary>
    public async Task<IDisposable> SubscribeAsync(Func<LiveEvent, Task> handler, params string[] topics)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var userId = state.User.RequireUserId();
        return Subscribe(userId, handler, topics);
    }

    public IDisposable Subscribe(Guid userId, Func<LiveEvent, Task> handler, params string[] topics)
    {
        var filtered = topics.Length == 0 ? handler : e => topics.Contains(e.Topic) ? handler(e) : Task.CompletedTask;
        return Track(() => hub.Subscribe(userId, filtered));
    }
}
