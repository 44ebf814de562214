using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Orders;

namespace Trading.Tests.Unit;

/// <summary>What a broker's view, a placement reply or a pipeline status means for an order: table by table.</summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class OrderTransitionsTests
{
    // A LIMIT buy of 10 @ 100, open at the broker as B1, nothing filled.
    private static readonly OrderState OpenLimit = new(OrderStatus.Open, 10, 100m, null, 0, null, "B1", null, null);

    private static BrokerOrder Broker(BrokerOrderStatus status, int filled = 0, decimal? average = null, int quantity = 10, decimal? price = 100m,
        decimal? trigger = null, string? text = null) =>
        new("B1", Exchange.NSE, "SBIN-EQ", "3045", OrderSide.Buy, OrderType.Limit, ProductType.Intraday, OrderVariety.Normal, quantity, price, trigger,
            status, filled, average, text, null, null, "{\"raw\":true}");

    /// <summary>(name, order before, broker's view, steps as "From>To[:qty@price]", status, filled, average, quantity, price, trigger).</summary>
    public static TheoryData<string, OrderState, BrokerOrder, string[], OrderStatus, int, decimal?, int, decimal?, decimal?> BrokerViews => new()
    {
        { "nothing new", OpenLimit, Broker(BrokerOrderStatus.Open), [], OrderStatus.Open, 0, null, 10, 100m, null },
        { "trigger pending is its own status", OpenLimit, Broker(BrokerOrderStatus.TriggerPending), ["Open>TriggerPending"], OrderStatus.TriggerPending, 0, null, 10, 100m, null },
        { "triggered: open again", OpenLimit with { Status = OrderStatus.TriggerPending }, Broker(BrokerOrderStatus.Open), ["TriggerPending>Open"], OrderStatus.Open, 0, null, 10, 100m, null },
        { "trigger pending again: nothing new", OpenLimit with { Status = OrderStatus.TriggerPending }, Broker(BrokerOrderStatus.TriggerPending), [], OrderStatus.TriggerPending, 0, null, 10, 100m, null },
        { "filled at once", OpenLimit, Broker(BrokerOrderStatus.Complete, 10, 99.5m), ["Open>Filled:10@99.5"], OrderStatus.Filled, 10, 99.5m, 10, 100m, null },
        { "partly filled", OpenLimit, Broker(BrokerOrderStatus.Open, 4, 100m), ["Open>PartiallyFilled:4@100"], OrderStatus.PartiallyFilled, 4, 100m, 10, 100m, null },
        // 4 @ 100 held; the broker says 10 at an average of 101: the other 6 cost (10 × 101 − 4 × 100) / 6 = 610 / 6 = 101.6667.
        { "the rest at a running average", OpenLimit with { Status = OrderStatus.PartiallyFilled, FilledQuantity = 4, AverageFillPrice = 100m },
            Broker(BrokerOrderStatus.Complete, 10, 101m), ["PartiallyFilled>Filled:6@101.6667"], OrderStatus.Filled, 10, 101.0000m, 10, 100m, null },
        { "a fill past the quantity is capped", OpenLimit, Broker(BrokerOrderStatus.Complete, 12, 100m, quantity: 10), ["Open>Filled:10@100"], OrderStatus.Filled, 10, 100m, 10, 100m, null },
        { "cancelled at the broker", OpenLimit, Broker(BrokerOrderStatus.Cancelled), ["Open>Cancelled"], OrderStatus.Cancelled, 0, null, 10, 100m, null },
        { "modified at the broker", OpenLimit, Broker(BrokerOrderStatus.Open, quantity: 20, price: 101m), ["Open>Open"], OrderStatus.Open, 0, null, 20, 101m, null },
        { "a trigger moved at the broker", OpenLimit with { TriggerPrice = 99m }, Broker(BrokerOrderStatus.Open, trigger: 98.5m), ["Open>Open"], OrderStatus.Open, 0, null, 10, 100m, 98.5m },
        // Brokers send price 0 for a market order (or an SL-M): no price, so no modification and no event.
        { "price 0 is no price", OpenLimit with { Price = null }, Broker(BrokerOrderStatus.Open, price: 0m, trigger: 0m), [], OrderStatus.Open, 0, null, 10, null, null },
        { "a late update to a finished order is ignored", OpenLimit with { Status = OrderStatus.Cancelled }, Broker(BrokerOrderStatus.Open), [], OrderStatus.Cancelled, 0, null, 10, 100m, null },
        { "a late fill of a cancelled order is still recorded", OpenLimit with { Status = OrderStatus.Cancelled }, Broker(BrokerOrderStatus.Complete, 10, 100m),
            ["Cancelled>Filled:10@100"], OrderStatus.Filled, 10, 100m, 10, 100m, null },
        { "a fill without a price waits", OpenLimit, Broker(BrokerOrderStatus.Open, 5, null), ["Open>PartiallyFilled"], OrderStatus.PartiallyFilled, 0, null, 10, 100m, null },
        { "an unknown broker status keeps the order's", OpenLimit, Broker(BrokerOrderStatus.Unknown), [], OrderStatus.Open, 0, null, 10, 100m, null },
        { "an unknown order is settled", OpenLimit with { Status = OrderStatus.Unknown, BrokerOrderId = null }, Broker(BrokerOrderStatus.Complete, 10, 100m),
            ["Unknown>Filled:10@100"], OrderStatus.Filled, 10, 100m, 10, 100m, null },
    };

    [Theory]
    [MemberData(nameof(BrokerViews))]
    public void A_brokers_view_moves_the_order(string name, OrderState before, BrokerOrder broker, string[] steps, OrderStatus status, int filled,
        decimal? average, int quantity, decimal? price, decimal? trigger)
    {
        var decision = OrderTransitions.FromBroker(before, broker, "Broker status.");

        Assert.True(steps.SequenceEqual(decision.Steps.Select(Describe)), $"{name}: steps {string.Join(", ", decision.Steps.Select(Describe))}");
        var s = decision.State;
        Assert.True((status, filled, average, quantity, price, trigger) == (s.Status, s.FilledQuantity, s.AverageFillPrice, s.Quantity, s.Price, s.TriggerPrice),
            $"{name}: got {s}");
        Assert.Equal(steps.Length > 0, decision.Changed);
        if (decision.Changed) Assert.Equal("B1", s.BrokerOrderId);
    }

    [Fact]
    public void Messages_say_what_changed_and_carry_the_brokers_reply()
    {
        var fill = OrderTransitions.FromBroker(OpenLimit, Broker(BrokerOrderStatus.Complete, 10, 99.5m), "Reconciled.").Steps.Single();
        Assert.Equal(("Reconciled. Filled 10 @ 99.50.", "{\"raw\":true}"), (fill.Message, fill.RawReply));

        var modified = OrderTransitions.FromBroker(OpenLimit, Broker(BrokerOrderStatus.Open, quantity: 20, price: 101m, trigger: 100.5m), "x").Steps.Single();
        Assert.Equal("Order modified: quantity 20, price 101.00, trigger 100.50.", modified.Message);

        var rejected = OrderTransitions.FromBroker(OpenLimit, Broker(BrokerOrderStatus.Rejected, text: "RMS: margin exceeds"), "Broker status.");
        Assert.Equal((OrderStatus.Rejected, "RMS: margin exceeds"), (rejected.State.Status, rejected.State.ErrorMessage));

        var longText = OrderTransitions.Record(OpenLimit, OrderStatus.Rejected, new string('x', 1200), null);
        Assert.Equal(1000, longText.Steps.Single().Message.Length);
    }

    public static TheoryData<string, OrderStatus, OrderStatus, bool> Recorded => new()
    {
        { "sent", OrderStatus.PendingSubmit, OrderStatus.Open, true },
        { "timed out", OrderStatus.PendingSubmit, OrderStatus.Unknown, true },
        { "never placed", OrderStatus.Unknown, OrderStatus.Rejected, true },
        { "a filled order stays filled", OrderStatus.Filled, OrderStatus.Rejected, false },
        { "a rejected order stays rejected", OrderStatus.Rejected, OrderStatus.Unknown, false },
        { "a cancelled order stays cancelled", OrderStatus.Cancelled, OrderStatus.Open, false },
    };

    [Theory]
    [MemberData(nameof(Recorded))]
    public void A_status_the_pipeline_decided_is_recorded_unless_the_order_is_finished(string name, OrderStatus from, OrderStatus to, bool recorded)
    {
        var before = OpenLimit with { Status = from, BrokerOrderId = null };
        var decision = OrderTransitions.Record(before, to, "Because.", "{}", "B9", "AB1004", "Something went wrong");

        Assert.True(recorded == decision.Changed, name);
        if (!recorded)
        {
            Assert.Equal(before, decision.State);
            return;
        }
        Assert.Equal(new OrderStep(from, to, "Because.", "{}"), decision.Steps.Single());
        Assert.Equal((to, "B9", "AB1004", "Something went wrong"), (decision.State.Status, decision.State.BrokerOrderId, decision.State.ErrorCode, decision.State.ErrorMessage));
    }

    [Fact]
    public void A_placement_is_open_then_what_the_reply_already_says()
    {
        var pending = new OrderState(OrderStatus.PendingSubmit, 10, null, null, 0, null, null, null, null);

        var angelOne = OrderTransitions.Placed(pending, new BrokerOrderResult("B1", "u1", "{\"orderid\":\"B1\"}"));
        Assert.Equal(["PendingSubmit>Open"], angelOne.Steps.Select(Describe));
        Assert.Equal(("Placed with the broker as B1.", "B1"), (angelOne.Steps[0].Message, angelOne.State.BrokerOrderId));

        var paperFilled = OrderTransitions.Placed(pending, new BrokerOrderResult("B1", null, "{}", Broker(BrokerOrderStatus.Complete, 10, 800m, price: null)));
        Assert.Equal(["PendingSubmit>Open", "Open>Filled:10@800"], paperFilled.Steps.Select(Describe));
        Assert.Equal((OrderStatus.Filled, 10, 800m), (paperFilled.State.Status, paperFilled.State.FilledQuantity, paperFilled.State.AverageFillPrice));

        var paperResting = OrderTransitions.Placed(pending with { Price = 100m }, new BrokerOrderResult("B1", null, "{}", Broker(BrokerOrderStatus.Open)));
        Assert.Equal(["PendingSubmit>Open"], paperResting.Steps.Select(Describe));

        var paperRejected = OrderTransitions.Placed(pending, new BrokerOrderResult("B1", null, "{}", Broker(BrokerOrderStatus.Rejected, price: null, text: "Insufficient funds")));
        Assert.Equal(["PendingSubmit>Open", "Open>Rejected"], paperRejected.Steps.Select(Describe));
        Assert.Equal("Insufficient funds", paperRejected.State.ErrorMessage);

        var late = OrderTransitions.Placed(pending with { Status = OrderStatus.Filled }, new BrokerOrderResult("B1", null, "{}"));
        Assert.False(late.Changed);
    }

    [Fact]
    public void The_order_vocabulary_is_one_set_each()
    {
        Assert.Equal(Enum.GetValues<OrderStatus>().Order(), OrderStatuses.Working.Concat(OrderStatuses.Terminal).Order());
        Assert.All(Enum.GetValues<OrderStatus>(), s =>
        {
            Assert.Equal(OrderStatuses.Working.Contains(s), s.IsWorking());
            Assert.Equal(OrderStatuses.Terminal.Contains(s), s.IsTerminal());
            Assert.Equal(OrderStatuses.Changeable.Contains(s), s.IsChangeable());
        });
        Assert.Equal([OrderType.Limit, OrderType.StopLossLimit], Enum.GetValues<OrderType>().Where(t => t.UsesLimitPrice()));
        Assert.Equal([OrderType.StopLossLimit, OrderType.StopLossMarket], Enum.GetValues<OrderType>().Where(t => t.UsesTrigger()));
        Assert.Equal((null, (decimal?)101m), (OrderType.Market.LimitPrice(101m), OrderType.Limit.LimitPrice(101m)));
        Assert.Equal((PaperOrderStatus.Open, PaperOrderStatus.TriggerPending), (PaperOrderStatuses.Initial(OrderType.Limit), PaperOrderStatuses.Initial(OrderType.StopLossMarket)));
    }

    private static string Describe(OrderStep s) => $"{s.From}>{s.To}" + (s.Fill is { } f ? $":{f.Quantity}@{f.Price:0.####}" : "");
}
