using System.Globalization;
using Trading.Data.Entities;

namespace Trading.Web.Features.Orders;

/// <summary>What a trader is told about an order, decided from the confirmed change only (never from the request).</summary>
public sealed record OrderNotice(NotificationSeverity Severity, string Title, string Body);

public static class OrderNotices
{
    /// <summary>The notice for a stored change from <paramref name="before"/> to the order's state now, or none.</summary>
    public static OrderNotice? For(OrderStatus before, int filledBefore, Order order)
    {
        var what = $"{order.Side} {order.Quantity} {order.TradingSymbol}";
        string Price(decimal? p) => p?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—";
        if (before == OrderStatus.Unknown && order.Status != OrderStatus.Unknown)
            return new(NotificationSeverity.Warning, $"Order settled: {order.Status}", $"{what}: the broker had not answered; its order book says {order.Status.ToString().ToLowerInvariant()}.");
        return order.Status switch
        {
            OrderStatus.Filled when before != OrderStatus.Filled =>
                new(NotificationSeverity.Success, $"Filled: {what}", $"{what} filled at {Price(order.AverageFillPrice)}."),
            OrderStatus.PartiallyFilled when order.FilledQuantity > filledBefore =>
                new(NotificationSeverity.Info, $"Partly filled: {what}", $"{order.FilledQuantity} of {order.Quantity} {order.TradingSymbol} filled at {Price(order.AverageFillPrice)} on average."),
            OrderStatus.Rejected when before != OrderStatus.Rejected =>
                new(NotificationSeverity.Error, $"Rejected: {what}", $"{what} was rejected: {order.ErrorMessage ?? "the broker gave no reason"}."),
            OrderStatus.Cancelled when before != OrderStatus.Cancelled =>
                new(NotificationSeverity.Warning, $"Cancelled: {what}",
                    order.FilledQuantity > 0 ? $"{what} cancelled after {order.FilledQuantity} filled." : $"{what} cancelled, nothing filled."),
            _ => null,
        };
    }
}
