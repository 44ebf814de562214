namespace Trading.Web.Infrastructure;

/// <summary>The "Trading" configuration section.</summary>
public sealed class TradingOptions
{
    public const string Section = "Trading";

    /// <summary>Creates the demo admin, demo trader and demo strategies. On in Development, off otherwise.</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>Trading days of generated 1-minute history for the demo symbols (with demo data), so backtests work on a fresh clone.</summary>
    public int DemoHistoryDays { get; set; } = 260;

    /// <summary>Folder for the embedded SQLite file, relative to the content root unless absolute.</summary>
    public string DataFolder { get; set; } = "App_Data";

    /// <summary>
    /// The address traders reach the app at (e.g. https://trading.example.com/): every link in an email is built from it,
    /// never from a request's Host header. Required when email is configured outside Development.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The first admin in production; created only when no admin exists yet.</summary>
    public InitialAdminOptions InitialAdmin { get; set; } = new();

    public sealed class InitialAdminOptions
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
    }
}
