namespace Trading.Data.Entities;

public enum LoginResult
{
    Succeeded,
    WrongPassword,
    UnknownUser,
    LockedOut,
    Suspended,
    NotAllowed,
    RequiresTwoFactor,
    TwoFactorFailed,
    PasskeyFailed,
    /// <summary>Refused before any check: too many attempts for this account in a short time.</summary>
    Throttled,
}

/// <summary>One sign-in attempt, successful or not.</summary>
public class LoginHistory
{
    public long Id { get; set; }
    public Guid? UserId { get; set; }
    public ApplicationUser? User { get; set; }
    /// <summary>The name typed at the sign-in form (kept for attempts on unknown accounts).</summary>
    public string AttemptedUserName { get; set; } = "";
    public bool Succeeded { get; set; }
    public LoginResult Result { get; set; }
    public string Method { get; set; } = "Password";
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public DateTime OccurredAt { get; set; }
}
