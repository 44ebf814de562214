using Trading.Tests.Support;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Tests.Unit;

/// <summary>When a job runs, from its schedule: first run, next run, and the back-off after failures.</summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class JobScheduleTests
{
    // Wed 2 Dec 2026, 10:00 IST = 04:30 UTC.
    private static readonly DateTimeOffset Morning = new(2026, 12, 2, 4, 30, 0, TimeSpan.Zero);

    public static TheoryData<string, JobSchedule, string, string?> Runs => new()
    {
        // name, schedule, first run (UTC), next run after a good run ending at the first run (UTC; null: done)
        { "every minute, after 5 s", new JobSchedule { Every = TimeSpan.FromMinutes(1), FirstRunAfter = TimeSpan.FromSeconds(5) }, "2026-12-02T04:30:05Z", "2026-12-02T04:31:05Z" },
        { "run once at start-up", new JobSchedule(), "2026-12-02T04:30:00Z", null },
        // 08:30 IST has passed at 10:00 IST: tomorrow 08:30 IST = 03:00 UTC on the 3rd, then the 4th.
        { "daily, time passed today", new JobSchedule { DailyAtIst = new TimeOnly(8, 30) }, "2026-12-03T03:00:00Z", "2026-12-04T03:00:00Z" },
        // 15:45 IST is still ahead today: 10:15 UTC today.
        { "daily, later today", new JobSchedule { DailyAtIst = new TimeOnly(15, 45) }, "2026-12-02T10:15:00Z", "2026-12-03T10:15:00Z" },
        // 00:10 IST on the 3rd is 18:40 UTC on the 2nd: the IST day, not the UTC day, decides.
        { "daily, just after IST midnight", new JobSchedule { DailyAtIst = new TimeOnly(0, 10) }, "2026-12-02T18:40:00Z", "2026-12-03T18:40:00Z" },
        { "daily at the start instant runs now", new JobSchedule { DailyAtIst = new TimeOnly(10, 0) }, "2026-12-02T04:30:00Z", "2026-12-03T04:30:00Z" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void First_and_next_runs_follow_the_schedule(string name, JobSchedule schedule, string first, string? next)
    {
        var firstRun = schedule.FirstRun(Morning);
        Assert.True(DateTimeOffset.Parse(first) == firstRun, $"{name}: first run {firstRun:O}");
        var nextRun = schedule.NextRun(firstRun);
        Assert.True((next is null ? null : DateTimeOffset.Parse(next)) == nextRun, $"{name}: next run {nextRun:O}");
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(6, 160)]
    [InlineData(7, 300)] // capped at MaxRetryAfter (5 min)
    [InlineData(40, 300)]
    public void Failures_in_a_row_double_the_wait_up_to_the_cap(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new JobSchedule().RetryDelay(failures));
}
