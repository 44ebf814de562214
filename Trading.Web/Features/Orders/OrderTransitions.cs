using Trading.Web.Infrastructure;
using System.Globalization;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;

namespace Trading.Web.Features.Orders;

/// <summary>The parts of an order that its status changes move.</summary>
public sealed record OrderState(
    OrderStatus Status, int Quantity, decimal? Price, decimal? TriggerPrice, int FilledQuantity, decimal? AverageFillPrice,
    string? BrokerOrderId, string? ErrorCode, string? ErrorMessage)
{
    public static OrderState Of(Order o) =>
        new(o.Status, o.Quantity, o.Price, o.TriggerPrice, o.FilledQuantity, o.AverageFillPrice, o.BrokerOrderId, o.ErrorCode, o.ErrorMessage);

    public void CopyTo(Order o)
    {
        o.Status = Status;
        o.Quantity = Quantity;
        o.Price = Price;
        o.TriggerPrice = TriggerPrice;
        o.FilledQuantity = FilledQuantity;
        o.AverageFillPrice = AverageFillPrice;
        o.BrokerOrderId = BrokerOrderId;
        o.ErrorCode = ErrorCode;
        o.ErrorMessage = ErrorMessage;
    }
}

/// <summary>A new fill: its quantity and price, and the order's filled quantity after it.</summary>
public sealed record OrderFill(int Quantity, decimal Price, int FilledAfter);

/// <summary>One change of status, as its <c>order_events</c> row says it, with the fill it records when there is one.</summary>
public sealed record OrderStep(OrderStatus From, OrderStatus To, string Message, string? RawReply, OrderFill? Fill = null);

/// <summary>What an event means for an order: its state afterwards and the steps that got it there (none: nothing new).</summary>
public sealed record OrderDecision(OrderState State, IReadOnlyList<OrderStep> Steps)
{
    public bool Changed => Steps.Count > 0;
    public bool Fills => Steps.Any(s => s.Fill is not null);
}

/// <summary>
/// What a status the pipeline decided, a broker's view of an order, or a placement reply means for the order: the
/// statuses it moves through, the new fills (the broker reports a running average; a fill's own price is what makes
/// the totals add up), a modification made at the broker, and late updates to a finished order ignored. Pure: the
/// <see cref="OrderStatusApplier"/> locks, writes and publishes around it.
/// </summary>
public static class OrderTransitions
{
    private const int MaxMessageLength = 1000;

    /// <summary>A status the pipeline decided itself (sent, rejected, timed out). A finished order stays as it is.</summary>
    public static OrderDecision Record(OrderState order, OrderStatus to, string message, string? rawReply,
        string? brokerOrderId = null, string? errorCode = null, string? errorMessage = null)
    {
        var change = RecordChange(order, to, message, rawReply, brokerOrderId, errorCode, errorMessage);
        return change is { } c ? Decide(order, c.Next, [c.Change]) : Unchanged(order);
    }

    /// <summary>The broker's view of the order: its status and any fills not recorded yet.</summary>
    public static OrderDecision FromBroker(OrderState order, BrokerOrder broker, string message)
    {
        var change = BrokerChange(order, broker, message);
        return change is { } c ? Decide(order, c.Next, [c.Change]) : Unchanged(order);
    }

    /// <summary>
    /// The broker took the order: Open with the broker's order id, then, when the reply already tells (the paper
    /// broker's does), what happened to it at once, compared with the order as just placed.
    /// </summary>
    public static OrderDecision Placed(OrderState order, BrokerOrderResult result)
    {
        if (RecordChange(order, OrderStatus.Open, $"Placed with the broker as {result.BrokerOrderId}.", result.RawReply, result.BrokerOrderId, null, null)
            is not { } placed)
        {
            return Unchanged(order);
        }
        if (result.State is null) return Decide(order, placed.Next, [placed.Change]);
        var then = BrokerChange(placed.Next with { Status = OrderStatus.Open }, result.State, "Broker status.");
        return then is { } t
            ? Decide(order, t.Next, [placed.Change, t.Change])
            : Decide(order, placed.Next, [placed.Change]);
    }

    private sealed record Change(OrderStatus To, string Message, string? RawReply, int FillQuantity, decimal? FillPrice);

    private static OrderDecision Unchanged(OrderState order) => new(order, []);

    private static (OrderState Next, Change Change)? RecordChange(OrderState order, OrderStatus to, string message, string? rawReply,
        string? brokerOrderId, string? errorCode, string? errorMessage)
    {
        if (order.Status.IsTerminal()) return null;
        var next = order with { BrokerOrderId = brokerOrderId ?? order.BrokerOrderId, ErrorCode = errorCode, ErrorMessage = errorMessage };
        return (next, new Change(to, message, rawReply, 0, null));
    }

    private static (OrderState Next, Change Change)? BrokerChange(OrderState order, BrokerOrder broker, string message)
    {
        var filled = Math.Min(broker.FilledQuantity, order.Quantity);
        var newFill = filled - order.FilledQuantity;
        decimal? fillPrice = null;
        if (newFill > 0 && broker.AveragePrice is { } average)
        {
            var before = order.FilledQuantity * (order.AverageFillPrice ?? 0m);
            fillPrice = Math.Round((filled * average - before) / newFill, 4);
        }
        else
        {
            newFill = 0; // no price to record it at (or the broker reports less than we hold): nothing to fill
        }
        var status = broker.Status switch
        {
            BrokerOrderStatus.Complete => OrderStatus.Filled,
            BrokerOrderStatus.Cancelled => OrderStatus.Cancelled,
            BrokerOrderStatus.Rejected => OrderStatus.Rejected,
            BrokerOrderStatus.TriggerPending => filled > 0 ? OrderStatus.PartiallyFilled : OrderStatus.TriggerPending,
            BrokerOrderStatus.Open or BrokerOrderStatus.Pending =>
                filled > 0 ? OrderStatus.PartiallyFilled : OrderStatus.Open,
            _ => order.Status,
        };
        // Brokers send 0 for "no price" (a market order's price, an SL-M's limit): that is not a modification.
        var price = broker.Price is > 0 ? broker.Price : null;
        var trigger = broker.TriggerPrice is > 0 ? broker.TriggerPrice : null;
        var quantity = Math.Max(broker.Quantity, filled);
        var modified = quantity != order.Quantity || price is { } p && p != order.Price || trigger is { } t && t != order.TriggerPrice;
        if (status == order.Status && newFill == 0 && !modified) return null; // nothing new
        if (order.Status.IsTerminal() && newFill == 0) return null; // a late update to a finished order

        var next = order with
        {
            BrokerOrderId = order.BrokerOrderId ?? broker.BrokerOrderId,
            Quantity = quantity,
            Price = price ?? order.Price,
            TriggerPrice = trigger ?? order.TriggerPrice,
            // A rejection's reason, or why the broker cancelled (IOC unfilled, the other bracket leg filled).
            ErrorMessage = broker.Status is BrokerOrderStatus.Rejected || broker.Status == BrokerOrderStatus.Cancelled && !string.IsNullOrEmpty(broker.StatusMessage)
                ? broker.StatusMessage : order.ErrorMessage,
        };
        if (modified && status == order.Status && newFill == 0)
        {
            message = Invariant($"Order modified: quantity {next.Quantity}{(next.Price is { } np ? Invariant($", price {np:0.00##}") : "")}{(next.TriggerPrice is { } nt ? Invariant($", trigger {nt:0.00##}") : "")}.");
        }
        return (next, new Change(status, message, broker.RawJson, newFill, fillPrice));
    }

    /// <summary>The steps of the changes in order, each fill added to the order's filled quantity and average price.</summary>
    private static OrderDecision Decide(OrderState order, OrderState next, IReadOnlyList<Change> changes)
    {
        var steps = new List<OrderStep>(changes.Count);
        var from = order.Status;
        var filled = next.FilledQuantity;
        var average = next.AverageFillPrice;
        foreach (var change in changes)
        {
            OrderFill? fill = null;
            var message = change.Message;
            if (change.FillQuantity > 0 && change.FillPrice is { } price)
            {
                var before = filled;
                filled += change.FillQuantity;
                average = Math.Round(((average ?? 0m) * before + price * change.FillQuantity) / filled, 4);
                fill = new OrderFill(change.FillQuantity, price, filled);
                message = Invariant($"{message} Filled {fill.Quantity} @ {price:0.00##}.");
            }
            steps.Add(new OrderStep(from, change.To, message.Truncated(MaxMessageLength), change.RawReply, fill));
            from = change.To;
        }
        return new OrderDecision(next with { Status = from, FilledQuantity = filled, AverageFillPrice = average }, steps);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
