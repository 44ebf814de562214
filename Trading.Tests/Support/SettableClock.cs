namespace Trading.Tests.Support;

/// <summary>A clock the test moves: it stands at <see cref="Now"/> until set again.</summary>
public sealed class SettableClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>An IST wall-clock time on Wed 2 Dec 2026 (a trading day).</summary>
    public static DateTimeOffset Ist(int hour, int minute, int day = 2) => new DateTimeOffset(2026, 12, day, hour, minute, 0, TimeSpan.FromHours(5.5));
}
