namespace Trading.Web.Infrastructure;

/// <summary>India Standard Time: UTC+05:30 all year (no daylight saving), so a fixed offset is exact.</summary>
public static class IndianTime
{
    public static readonly TimeSpan Offset = new(5, 30, 0);

    public static DateTimeOffset Now(TimeProvider time) => time.GetUtcNow().ToOffset(Offset);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(Now(time).DateTime);

    /// <summary>The UTC instant an IST calendar day starts.</summary>
    public static DateTime StartOfDayUtc(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).UtcDateTime;

    /// <summary>The UTC instant an IST calendar day ends (the next one's start): "up to and including <paramref name="day"/>" is <c>&lt; EndOfDayUtc(day)</c>.</summary>
    public static DateTime EndOfDayUtc(DateOnly day) => StartOfDayUtc(day.AddDays(1));

    /// <summary>The IST calendar date of a UTC instant (a trade's trade date).</summary>
    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(ToIst(utc).DateTime);

    public static DateTimeOffset ToIst(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(Offset);

    public static string Format(DateTime? utc, string format = "dd MMM yyyy, HH:mm") =>
        utc is null ? "—" : ToIst(utc.Value).ToString(format) + " IST";
}
