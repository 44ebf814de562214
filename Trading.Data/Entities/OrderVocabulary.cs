namespace Trading.Data.Entities;

/// <summary>
/// Which order statuses mean what, said once. The arrays are what queries use (EF Core turns <c>Contains</c> into
/// <c>IN</c>); the extension methods are for code holding one status.
/// </summary>
public static class OrderStatuses
{
    /// <summary>Not finished: the order may still fill or change (Unknown until reconciliation settles it).</summary>
    public static readonly OrderStatus[] Working = [OrderStatus.PendingSubmit, OrderStatus.Open, OrderStatus.TriggerPending, OrderStatus.PartiallyFilled, OrderStatus.Unknown];

    /// <summary>Finished: nothing moves it any more except a late fill the broker still reports.</summary>
    public static readonly OrderStatus[] Terminal = [OrderStatus.Filled, OrderStatus.Cancelled, OrderStatus.Rejected];

    /// <summary>Resting at the broker with an id: a trader can modify or cancel it.</summary>
    public static readonly OrderStatus[] Changeable = [OrderStatus.Open, OrderStatus.TriggerPending, OrderStatus.PartiallyFilled];

    public static bool IsWorking(this OrderStatus status) => status is OrderStatus.PendingSubmit or OrderStatus.Open or OrderStatus.TriggerPending
        or OrderStatus.PartiallyFilled or OrderStatus.Unknown;

    public static bool IsTerminal(this OrderStatus status) => status is OrderStatus.Filled or OrderStatus.Cancelled or OrderStatus.Rejected;

    public static bool IsChangeable(this OrderStatus status) => status is OrderStatus.Open or OrderStatus.TriggerPending or OrderStatus.PartiallyFilled;
}

/// <summary>Which order types carry a limit price and which a trigger price.</summary>
public static class OrderTypes
{
    /// <summary>LIMIT and SL (stop-loss limit) fill at a limit price; MARKET and SL-M do not have one.</summary>
    public static bool UsesLimitPrice(this OrderType type) => type is OrderType.Limit or OrderType.StopLossLimit;

    /// <summary>SL and SL-M wait for a trigger price.</summary>
    public static bool UsesTrigger(this OrderType type) => type is OrderType.StopLossLimit or OrderType.StopLossMarket;

    /// <summary>The limit price this type keeps (null for types without one, whatever was asked).</summary>
    public static decimal? LimitPrice(this OrderType type, decimal? price) => type.UsesLimitPrice() ? price : null;

    /// <summary>The trigger price this type keeps (null for types without one, whatever was asked).</summary>
    public static decimal? TriggerPrice(this OrderType type, decimal? trigger) => type.UsesTrigger() ? trigger : null;
}

/// <summary>The paper broker's own order statuses.</summary>
public static class PaperOrderStatuses
{
    /// <summary>Resting at the paper broker: it may still trigger, fill, be modified or be cancelled.</summary>
    public static readonly PaperOrderStatus[] Working = [PaperOrderStatus.Open, PaperOrderStatus.TriggerPending];

    public static bool IsWorking(this PaperOrderStatus status) => status is PaperOrderStatus.Open or PaperOrderStatus.TriggerPending;

    /// <summary>A stop order waits for its trigger; everything else is open at once.</summary>
    public static PaperOrderStatus Initial(OrderType type) => type.UsesTrigger() ? PaperOrderStatus.TriggerPending : PaperOrderStatus.Open;
}
