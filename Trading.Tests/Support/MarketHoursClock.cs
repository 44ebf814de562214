namespace Trading.Tests.Support;

/// <summary>
/// Real time that runs on from a weekday morning in the Indian session (Wed 2 Dec 2026, 10:00 IST), so checks that
/// depend on market hours pass whatever the day and hour the tests run.
/// </summary>
public sealed class MarketHoursClock : TimeProvider
{
    private static readonly DateTimeOffset SessionMorning = new(2026, 12, 2, 4, 30, 0, TimeSpan.Zero);
    private readonly TimeSpan _offset = SessionMorning - DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + _offset;
}
