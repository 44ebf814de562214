namespace Trading.Web.Features.Sessions;

/// <summary>The "Sessions" section: when a trading day is closed.</summary>
public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>A day closes after every segment has (MCX's evening session ends 23:30 IST, 23:55 while the US is on winter time).</summary>
    public TimeOnly DayEndsAtIst { get; set; } = new(23, 58);

    /// <summary>A day closed this long after its end (the app was down) is marked closed late.</summary>
    public TimeSpan LateAfter { get; set; } = TimeSpan.FromHours(1);
}
