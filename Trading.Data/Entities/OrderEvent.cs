namespace Trading.Data.Entities;

/// <summary>Append-only audit trail of an order's state changes. Nothing updates or deletes these rows.</summary>
public class OrderEvent
{
    public long Id { get; set; }
    public Guid OrderId { get; set; }
    public Guid UserId { get; set; }
    public OrderStatus? FromStatus { get; set; }
    public OrderStatus ToStatus { get; set; }
    public string Message { get; set; } = "";
    /// <summary>The broker's raw reply, verbatim.</summary>
    public string? RawReply { get; set; }
    public DateTime OccurredAt { get; set; }
}
