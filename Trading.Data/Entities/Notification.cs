namespace Trading.Data.Entities;

/// <summary>What a notification is about: preferences are kept per kind and channel, digests group one kind.</summary>
public enum NotificationKind
{
    OrderAccepted, OrderPartiallyFilled, OrderFilled, OrderRejected, OrderCancelled, OrderModified, OrderSettled, PositionCorrected,
    StrategySignal, StrategyPaused, StrategyResumed, StrategyListing,
    RiskViolation, KillSwitch, SquareOff,
    BrokerReconnect, FeedHealth, ServiceHealth,
    EndOfDayReport, SystemNews,
}

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
    /// <summary>Shown in the bell and the center (off only when the trader turned the kind's in-app channel off).</summary>
    public bool InApp { get; set; } = true;
    /// <summary>Popped up on the trader's open pages when it arrived.</summary>
    public bool Toast { get; set; }
    /// <summary>Set on the fifth and later of one kind within a minute: they are listed under this digest, not on their own.</summary>
    public long? DigestId { get; set; }
    public Notification? Digest { get; set; }
    /// <summary>This row is a digest of others of its kind.</summary>
    public bool IsDigest { get; set; }
}

/// <summary>A trader's choice for one kind: each channel on or off (no row: the kind's defaults).</summary>
public class NotificationPreference
{
    public Guid UserId { get; set; }
    public NotificationKind Kind { get; set; }
    public bool InApp { get; set; }
    public bool Toast { get; set; }
    public bool Email { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum NotificationEmailStatus { Queued, Sent, Failed, Paced }

/// <summary>One email of a notification and what became of it: the send log.</summary>
public class NotificationEmail
{
    public long Id { get; set; }
    public long NotificationId { get; set; }
    public Notification? Notification { get; set; }
    public Guid UserId { get; set; }
    public string Subject { get; set; } = "";
    public NotificationEmailStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? SentAt { get; set; }
}
