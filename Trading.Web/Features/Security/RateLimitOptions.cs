namespace Trading.Web.Features.Security;

/// <summary>
/// <c>Security:RateLimits</c>: how many attempts the account endpoints take, per client address (the whole form post)
/// and per account (the email or user the attempt is for), in a sliding window. Lockout after failed passwords comes on top.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Security:RateLimits";

    public Limit SignInPerIp { get; set; } = new(20, TimeSpan.FromMinutes(1));
    public Limit SignInPerAccount { get; set; } = new(10, TimeSpan.FromMinutes(5));
    public Limit TwoFactorPerIp { get; set; } = new(10, TimeSpan.FromMinutes(1));
    public Limit TwoFactorPerAccount { get; set; } = new(5, TimeSpan.FromMinutes(5));
    public Limit RegisterPerIp { get; set; } = new(10, TimeSpan.FromMinutes(10));
    public Limit RegisterPerAccount { get; set; } = new(3, TimeSpan.FromMinutes(15));
    public Limit PasswordResetPerIp { get; set; } = new(10, TimeSpan.FromMinutes(10));
    public Limit PasswordResetPerAccount { get; set; } = new(3, TimeSpan.FromMinutes(15));

    /// <summary>Failed sign-ins of one typed email (known or not) before it reads as locked: the same as Identity's lockout.</summary>
    public int FailedSignInsBeforeLockout { get; set; } = 5;
    public TimeSpan LockoutFor { get; set; } = TimeSpan.FromMinutes(15);

    public sealed class Limit
    {
        public Limit() { }
        public Limit(int permits, TimeSpan window) => (Permits, Window) = (permits, window);
        public int Permits { get; set; }
        public TimeSpan Window { get; set; }
    }
}

/// <summary>The account endpoints a limit protects.</summary>
public enum AccountAction { SignIn, TwoFactor, Register, PasswordReset }
