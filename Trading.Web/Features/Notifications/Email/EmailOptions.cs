namespace Trading.Web.Features.Notifications.Email;

/// <summary>The "Email" configuration section: outgoing mail through SMTP. Without <c>Email:Smtp:Host</c> no email is sent.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender shown to traders, e.g. <c>Trading &lt;no-reply@trading.example.com&gt;</c>.</summary>
    public string From { get; set; } = "Trading <no-reply@localhost>";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Notification emails to one trader within an hour; more are not sent (logged as paced), the app still has them.</summary>
    public int MaxPerUserPerHour { get; set; } = 10;

    /// <summary>Tries of one notification email before it is logged as failed (30 s, 1 min, 2 min … apart).</summary>
    public int MaxAttempts { get; set; } = 3;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Smtp.Host);

    public sealed class SmtpOptions
    {
        public string? Host { get; set; }
        public int Port { get; set; } = 587;
        /// <summary>StartTls (port 587), SslOnConnect (465) or None (a local relay only).</summary>
        public string Security { get; set; } = "StartTls";
        public string? UserName { get; set; }
        /// <summary>Secret: give it by environment or user secrets, never in a committed file.</summary>
        public string? Password { get; set; }
        public int TimeoutSeconds { get; set; } = 15;
    }

    /// <summary>Whether <c>Email:Smtp:Host</c> is set in <paramref name="configuration"/> (for registrations that differ).</summary>
    public static bool ConfiguredIn(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[$"{Section}:Smtp:Host"]);
}
