using Trading.Tests.Support;
using Trading.Web.Infrastructure;

namespace Trading.Tests.Unit;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class IndianTimeTests
{
    [Theory]
    [InlineData("2026-11-27T18:29:59Z", "2026-11-27")]
    [InlineData("2026-11-27T18:30:00Z", "2026-11-28")]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-01")]
    public void Today_is_the_IST_calendar_date(string utc, string expectedDay)
    {
        var time = new FixedTime(DateTimeOffset.Parse(utc));
        Assert.Equal(DateOnly.Parse(expectedDay), IndianTime.Today(time));
    }

    [Fact]
    public void An_IST_day_starts_at_1830_UTC_the_day_before()
    {
        var start = IndianTime.StartOfDayUtc(new DateOnly(2026, 11, 27));
        Assert.Equal(new DateTime(2026, 11, 26, 18, 30, 0, DateTimeKind.Utc), start);
        Assert.Equal(DateTimeKind.Utc, start.Kind);
    }

    [Fact]
    public void Format_shows_IST()
    {
        Assert.Equal("27 Nov 2026, 15:30 IST", IndianTime.Format(new DateTime(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("—", IndianTime.Format(null));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
