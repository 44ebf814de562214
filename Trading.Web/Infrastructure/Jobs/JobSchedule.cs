namespace Trading.Web.Infrastructure.Jobs;

/// <summary>
/// When a recurring job runs: the <c>Jobs:&lt;name&gt;</c> configuration section, on top of the defaults the job's
/// feature gives. Every job has one; operators change any of it without touching code.
/// </summary>
public sealed class JobSchedule
{
    public const string Section = "Jobs";

    public bool Enabled { get; set; } = true;

    /// <summary>Run again this long after a run ends. With neither this nor <see cref="DailyAtIst"/> the job runs once (until it succeeds).</summary>
    public TimeSpan? Every { get; set; }

    /// <summary>Run once a day at this time of day in India (IST).</summary>
    public TimeOnly? DailyAtIst { get; set; }

    /// <summary>Wait this long after start-up before the first run (a daily job: its first time after that).</summary>
    public TimeSpan FirstRunAfter { get; set; }

    /// <summary>After a failure, try again after this, doubling with each failure in a row up to <see cref="MaxRetryAfter"/>.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>With several instances on one PostgreSQL, only the one holding the job's advisory lock runs it.</summary>
    public bool SingleInstance { get; set; }

    /// <summary>When the first run is due after a start at <paramref name="startedAt"/>.</summary>
    public DateTimeOffset FirstRun(DateTimeOffset startedAt)
    {
        var earliest = startedAt + FirstRunAfter;
        return DailyAtIst is { } at ? NextDaily(earliest, at, inclusive: true) : earliest;
    }

    /// <summary>When the next run is due after one that ended well at <paramref name="finishedAt"/>; null: the job is done.</summary>
    public DateTimeOffset? NextRun(DateTimeOffset finishedAt) => (Every, DailyAtIst) switch
    {
        ({ } every, _) => finishedAt + every,
        (null, { } at) => NextDaily(finishedAt, at, inclusive: false),
        _ => null,
    };

    /// <summary>How long to wait after the <paramref name="failuresInARow"/>th failure in a row.</summary>
    public TimeSpan RetryDelay(int failuresInARow)
    {
        var factor = Math.Pow(2, Math.Clamp(failuresInARow - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(RetryAfter.Ticks * factor, MaxRetryAfter.Ticks));
        return delay < RetryAfter ? RetryAfter : delay;
    }

    private static DateTimeOffset NextDaily(DateTimeOffset from, TimeOnly at, bool inclusive)
    {
        var local = from.ToOffset(IndianTime.Offset);
        var candidate = new DateTimeOffset(DateOnly.FromDateTime(local.DateTime).ToDateTime(at), IndianTime.Offset);
        if (candidate < local || !inclusive && candidate == local) candidate = candidate.AddDays(1);
        return candidate;
    }
}
