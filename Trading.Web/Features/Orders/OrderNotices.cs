using System.Globalization;
using Trading.Data.Entities;

namespace Trading.Web.Features.Orders;

/// <summary>What a trader is told about an order, decided from the confirmed change only (never from the request).</summary>
public sealed record OrderNotice(NotificationKind Kind, NotificationSeverity Severity, string Title, string Body);

/// <summary>An order's terms before a change (to tell a confirmed modification).</summary>
public readonly record struct OrderTerms(int Quantity, decimal? Price, decimal? TriggerPrice)
{
    public static OrderTerms Of(Order order) => new(order.Quantity, order.Price, order.TriggerPrice);
}

public static class OrderNotices
{
    /// <summary>The notice for a stored change from <paramref name="before"/> to the order's state now, or none.</summary>
    public static OrderNotice? For(OrderStatus before, int filledBefore, Order order, OrderTerms? termsBefore = null)
    {
        var what = $"{order.Side} {order.Quantity} {order.TradingSymbol}";
        string Price(decimal? p) => p?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—";
        if (before == OrderStatus.Unknown && order.Status != OrderStatus.Unknown)
            return new(NotificationKind.OrderSettled, NotificationSeverity.Warning, $"Order settled: {order.Status}",
                $"{what}: the broker had not answered; its order book says {order.Status.ToString().ToLowerInvariant()}.");
        var notice = order.Status switch
        {
            OrderStatus.Filled when before != OrderStatus.Filled =>
                new OrderNotice(NotificationKind.OrderFilled, NotificationSeverity.Success, $"Filled: {what}", $"{what} filled at {Price(order.AverageFillPrice)}."),
            OrderStatus.PartiallyFilled when order.FilledQuantity > filledBefore =>
                new(NotificationKind.OrderPartiallyFilled, NotificationSeverity.Info, $"Partly filled: {what}",
                    $"{order.FilledQuantity} of {order.Quantity} {order.TradingSymbol} filled at {Price(order.AverageFillPrice)} on average."),
            OrderStatus.Rejected when before != OrderStatus.Rejected =>
                new(NotificationKind.OrderRejected, NotificationSeverity.Error, $"Rejected: {what}", $"{what} was rejected: {order.ErrorMessage ?? "the broker gave no reason"}."),
            OrderStatus.Cancelled when before != OrderStatus.Cancelled =>
                new(NotificationKind.OrderCancelled, NotificationSeverity.Warning, $"Cancelled: {what}",
                    order.FilledQuantity > 0 ? $"{what} cancelled after {order.FilledQuantity} filled." : $"{what} cancelled, nothing filled."),
            OrderStatus.Open or OrderStatus.TriggerPending when before == OrderStatus.PendingSubmit =>
                new(NotificationKind.OrderAccepted, NotificationSeverity.Info, $"Accepted: {what}",
                    order.Status == OrderStatus.TriggerPending
                        ? $"{what}: the broker took it; it waits for its trigger at {Price(order.TriggerPrice)}."
                        : $"{what}: the broker took it{(order.Price is { } p ? $" at a limit of {Price(p)}" : "")}."),
            _ => null,
        };
        if (notice is not null) return notice;
        if (termsBefore is { } was && order.Status == before && was != OrderTerms.Of(order))
        {
            var changes = new List<string>();
            if (was.Quantity != order.Quantity) changes.Add($"quantity {was.Quantity} → {order.Quantity}");
            if (was.Price != order.Price) changes.Add($"price {Price(was.Price)} → {Price(order.Price)}");
            if (was.TriggerPrice != order.TriggerPrice) changes.Add($"trigger {Price(was.TriggerPrice)} → {Price(order.TriggerPrice)}");
            return new(NotificationKind.OrderModified, NotificationSeverity.Info, $"Modified: {what}", $"The broker confirmed the change: {string.Join(", ", changes)}.");
        }
        return null;
    }
}
