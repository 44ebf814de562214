namespace Trading.Web.Features.Admin;

/// <summary>Every admin action on a user needs a reason a colleague could read later.</summary>
public static class AdminReasons
{
    public const int MinLength = 5;

    /// <summary>Null when the reason will do, else what is wrong with it.</summary>
    public static string? Problem(string? reason) => reason?.Trim() switch
    {
        null or "" => "Give a reason: it is kept in the audit log.",
        { Length: < MinLength } => $"Say a little more: a reason has at least {MinLength} characters.",
        { Length: > AdminAuditLog.MaxReasonLength } => $"Keep the reason under {AdminAuditLog.MaxReasonLength} characters.",
        _ => null,
    };
}
