namespace Trading.Data.Entities;

public enum NotificationKind { Order, Risk, StrategySignal, ServiceHealth, System }
public enum NotificationSeverity { Info, Success, Warning, Error }

public class Notification
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public NotificationKind Kind { get; set; }
    public NotificationSeverity Severity { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Link { get; set; }
    public bool IsRead { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}
