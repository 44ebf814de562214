namespace Trading.Data.Entities;

/// <summary>
/// Idempotency key of an order: (user, client order id) is unique here. <c>orders</c> is partitioned by month in
/// PostgreSQL, where a unique index must include the partition key, so uniqueness across months lives in this table.
/// </summary>
public class OrderClientId
{
    public Guid UserId { get; set; }
    public string ClientOrderId { get; set; } = "";
    public Guid OrderId { get; set; }
    public DateTime OrderCreatedAt { get; set; }
}
