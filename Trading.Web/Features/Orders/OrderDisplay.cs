using MudBlazor;
using Trading.Data.Entities;
using static Trading.Web.Infrastructure.IndianFormat;

namespace Trading.Web.Features.Orders;

/// <summary>How the blotter and the order drawer show an order.</summary>
public static class OrderDisplay
{
    public static Color StatusColor(OrderStatus status) => status switch
    {
        OrderStatus.Filled => Color.Success,
        OrderStatus.Rejected => Color.Error,
        OrderStatus.Cancelled => Color.Default,
        OrderStatus.Unknown => Color.Warning,
        OrderStatus.PartiallyFilled => Color.Info,
        OrderStatus.TriggerPending => Color.Secondary,
        _ => Color.Primary,
    };

    public static string StatusText(OrderStatus status) => status switch
    {
        OrderStatus.PendingSubmit => "Pending submit",
        OrderStatus.PartiallyFilled => "Partially filled",
        OrderStatus.TriggerPending => "Trigger pending",
        _ => status.ToString(),
    };

    public static string TypeText(Order o) => o.Variety == OrderVariety.Normal ? o.OrderType.ToString() : $"{o.OrderType} · {o.Variety.ToString().ToUpperInvariant()}";

    public static string PriceText(Order o) =>
        (o.Price is { } p ? Price(p) : o.AverageFillPrice is { } a ? $"MKT ({Price(a)})" : "MKT")
        + (o.TriggerPrice is { } t ? $" · trigger {Price(t)}" : "");
}
