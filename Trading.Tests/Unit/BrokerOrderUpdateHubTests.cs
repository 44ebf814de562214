using Microsoft.Extensions.Logging.Abstractions;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Broker;

namespace Trading.Tests.Unit;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class BrokerOrderUpdateHubTests
{
    private static BrokerOrderUpdate Update(string id) => new(Guid.NewGuid(), new BrokerOrder(id, Exchange.NSE, "SBIN-EQ", "3045", OrderSide.Buy,
        OrderType.Market, ProductType.Intraday, OrderVariety.Normal, 1, null, null, BrokerOrderStatus.Complete, 1, 800m, null, null, null, "{}"), "Test.");

    [Fact]
    public async Task Every_subscriber_hears_each_update_until_it_unsubscribes_and_a_failing_one_stops_nobody()
    {
        var hub = new BrokerOrderUpdateHub(NullLogger<BrokerOrderUpdateHub>.Instance);
        var first = new List<string>();
        var second = new List<string>();
        using var failing = hub.Subscribe(_ => throw new InvalidOperationException("broken subscriber"));
        var one = hub.Subscribe(u => { first.Add(u.Order.BrokerOrderId); return Task.CompletedTask; });
        using var two = hub.Subscribe(u => { second.Add(u.Order.BrokerOrderId); return Task.CompletedTask; });

        await hub.PublishAsync(Update("A"));
        one.Dispose();
        one.Dispose(); // twice is harmless
        await hub.PublishAsync(Update("B"));

        Assert.Equal(["A"], first);
        Assert.Equal(["A", "B"], second);
    }
}
