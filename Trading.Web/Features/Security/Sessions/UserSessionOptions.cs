namespace Trading.Web.Features.Security.Sessions;

/// <summary><c>Security:Sessions</c>: how long an unused sign-in lasts, and how often open pages check theirs.</summary>
public sealed class UserSessionOptions
{
    public const string Section = "Security:Sessions";

    /// <summary>A session not seen for this long ends (each request extends it).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How often an open page checks its session even without being told (a sign-out elsewhere tells it at once).</summary>
    public TimeSpan CircuitCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a session's "last seen" is written (not on every request).</summary>
    public TimeSpan TouchInterval { get; set; } = TimeSpan.FromMinutes(1);
}
