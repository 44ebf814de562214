namespace Trading.Web.Features.Live;

/// <summary>
/// Something changed for one user. <see cref="Topic"/> says what (e.g. "orders", "positions", "notifications");
/// <see cref="Payload"/> is optional JSON for the subscriber. Events are hints to re-read state, never the state itself.
/// </summary>
public sealed record LiveEvent(Guid UserId, string Topic, string? Payload, DateTime OccurredAt);

public static class LiveTopics
{
    public const string Orders = "orders";
    public const string Positions = "positions";
    public const string Notifications = "notifications";
    public const string Account = "account";
    /// <summary>A strategy activation of the user changed (signal, pause, resume).</summary>
    public const string Strategies = "strategies";
    /// <summary>The user's trading state, risk rules or violations changed.</summary>
    public const string Risk = "risk";
    /// <summary>Sessions of the user ended; the payload is the JSON array of their ids.</summary>
    public const string Session = "session";
}
