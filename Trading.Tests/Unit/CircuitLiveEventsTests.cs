using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Trading.Tests.Support;
using Trading.Web.Features.Live;

namespace Trading.Tests.Unit;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class CircuitLiveEventsTests
{
    private static ServiceProvider BuildServices(Guid userId)
    {
        var builder = TestHost.Builder();
        builder.AddLive();
        builder.Services.AddScoped<AuthenticationStateProvider>(_ => new FixedAuthenticationState(userId));
        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public async Task Subscriptions_end_when_the_circuit_scope_is_disposed()
    {
        var userId = Guid.NewGuid();
        await using var services = BuildServices(userId);
        var hub = services.GetRequiredService<LiveEventHub>();
        var publisher = services.GetRequiredService<ILiveEventPublisher>();
        var heard = new List<string>();

        var scope = services.CreateAsyncScope();
        var circuit = scope.ServiceProvider.GetRequiredService<CircuitLiveEvents>();
        await circuit.SubscribeAsync(e => { heard.Add(e.Topic); return Task.CompletedTask; });
        circuit.Subscribe(userId, e => { heard.Add("orders-only:" + e.Topic); return Task.CompletedTask; }, LiveTopics.Orders);
        Assert.Equal(2, hub.SubscriberCount(userId));

        await publisher.PublishAsync(new LiveEvent(userId, LiveTopics.Positions, null, DateTime.UtcNow));
        await scope.DisposeAsync();
        await publisher.PublishAsync(new LiveEvent(userId, LiveTopics.Orders, null, DateTime.UtcNow));

        Assert.Equal([LiveTopics.Positions], heard);
        Assert.Equal(0, hub.SubscriberCount(userId));
    }

    private sealed class FixedAuthenticationState(Guid userId) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, userId.ToString())], "test"))));
    }
}
