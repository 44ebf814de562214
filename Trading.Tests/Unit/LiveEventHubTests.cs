using Microsoft.Extensions.Logging.Abstractions;
using Trading.Tests.Support;
using Trading.Web.Features.Live;

namespace Trading.Tests.Unit;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class LiveEventHubTests
{
    private readonly LiveEventHub _hub = new(NullLogger<LiveEventHub>.Instance);

    [Fact]
    public async Task Dispatch_reaches_only_the_users_subscribers()
    {
        var alice = Guid.NewGuid();
        var bob = Guid.NewGuid();
        var heardByAlice = new List<string>();
        var heardByBob = new List<string>();
        using var a = _hub.Subscribe(alice, e => { heardByAlice.Add(e.Topic); return Task.CompletedTask; });
        using var b = _hub.Subscribe(bob, e => { heardByBob.Add(e.Topic); return Task.CompletedTask; });

        await _hub.DispatchAsync(new LiveEvent(alice, LiveTopics.Orders, null, DateTime.UtcNow));

        Assert.Equal([LiveTopics.Orders], heardByAlice);
        Assert.Empty(heardByBob);
    }

    [Fact]
    public async Task A_failing_subscriber_does_not_stop_the_others()
    {
        var user = Guid.NewGuid();
        var heard = 0;
        using var broken = _hub.Subscribe(user, _ => throw new InvalidOperationException("boom"));
        using var working = _hub.Subscribe(user, _ => { heard++; return Task.CompletedTask; });

        await _hub.DispatchAsync(new LiveEvent(user, LiveTopics.Orders, null, DateTime.UtcNow));

        Assert.Equal(1, heard);
    }

    [Fact]
    public async Task Disposed_subscription_hears_nothing_and_is_removed()
    {
        var user = Guid.NewGuid();
        var heard = 0;
        var subscription = _hub.Subscribe(user, _ => { heard++; return Task.CompletedTask; });
        Assert.Equal(1, _hub.SubscriberCount(user));

        subscription.Dispose();
        subscription.Dispose();
        await _hub.DispatchAsync(new LiveEvent(user, LiveTopics.Orders, null, DateTime.UtcNow));

        Assert.Equal(0, heard);
        Assert.Equal(0, _hub.SubscriberCount(user));
        Assert.DoesNotContain(user, _hub.Keys);
    }

    [Fact]
    public async Task Concurrent_subscribe_and_dispose_leave_a_consistent_count()
    {
        var user = Guid.NewGuid();
        var subscriptions = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => _hub.Subscribe(user, _ => Task.CompletedTask))));
        Assert.Equal(200, _hub.SubscriberCount(user));

        await Task.WhenAll(subscriptions.Take(150).Select(s => Task.Run(s.Dispose)));

        Assert.Equal(50, _hub.SubscriberCount(user));
    }
}
