using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Trading.Tests.Support;
using Trading.Web.Features.Live;

namespace Trading.Tests.Integration;

/// <summary>Two app instances sharing one real Redis: a publish on one reaches the right user's subscriber on the other.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class LiveBusRedisTests : IAsyncLifetime
{
    private readonly List<ServiceProvider> _instances = [];
    private readonly string _clientPrefix = "live-test-" + Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            foreach (var hosted in instance.GetServices<IHostedService>())
            {
                await hosted.StopAsync(CancellationToken.None);
            }
            await instance.DisposeAsync();
        }
    }

    private async Task<ServiceProvider> StartInstanceAsync()
    {
        var builder = TestHost.Builder(("ConnectionStrings:Redis", TestEnvironment.RedisConnectionString));
        var options = ConfigurationOptions.Parse(TestEnvironment.RedisConnectionString);
        options.ClientName = $"{_clientPrefix}-{_instances.Count}";
        builder.Services.AddSingleton<IConnectionMultiplexer>(await ConnectionMultiplexer.ConnectAsync(options));
        builder.AddLive();
        var provider = builder.Services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
        _instances.Add(provider);
        return provider;
    }

    [Fact]
    public async Task A_publish_reaches_that_users_subscriber_on_another_instance_and_no_other_user()
    {
        var publisherInstance = await StartInstanceAsync();
        var subscriberInstance = await StartInstanceAsync();
        Assert.IsType<RedisLiveEventPublisher>(publisherInstance.GetRequiredService<ILiveEventPublisher>());
        var hub = subscriberInstance.GetRequiredService<LiveEventHub>();
        var alice = Guid.NewGuid();
        var bob = Guid.NewGuid();
        var aliceHeard = new TaskCompletionSource<LiveEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bobHeard = new List<LiveEvent>();
        using var a = hub.Subscribe(alice, e => { aliceHeard.TrySetResult(e); return Task.CompletedTask; });
        using var b = hub.Subscribe(bob, e => { lock (bobHeard) bobHeard.Add(e); return Task.CompletedTask; });
        await WaitForSubscriptionAsync();

        var sent = new LiveEvent(alice, LiveTopics.Orders, """{"orderId":"42"}""", new DateTime(2026, 11, 27, 4, 0, 0, DateTimeKind.Utc));
        await publisherInstance.GetRequiredService<ILiveEventPublisher>().PublishAsync(sent);

        var received = await aliceHeard.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(sent, received);
        await Task.Delay(300); // give a wrongly routed message time to arrive
        lock (bobHeard) Assert.Empty(bobHeard);
    }

    private async Task WaitForSubscriptionAsync()
    {
        // Both listeners subscribe in the background; wait until Redis shows both of this test's clients subscribed.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.RedisConnectionString + ",allowAdmin=true");
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        await Eventually.TrueAsync(async () => (await server.ClientListAsync())
            .Count(c => c.Name?.StartsWith(_clientPrefix, StringComparison.Ordinal) == true && c.PatternSubscriptionCount > 0) >= 2,
            "both live event listeners to subscribe on Redis");
    }
}
