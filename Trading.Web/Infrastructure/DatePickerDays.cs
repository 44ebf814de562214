namespace Trading.Web.Infrastructure;

/// <summary>MudDatePicker works in <see cref="DateTime"/>; filters work in calendar days (IST).</summary>
public static class DatePickerDays
{
    public static DateTime? ToPicker(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue);

    public static DateOnly? FromPicker(DateTime? picked) => picked is null ? null : DateOnly.FromDateTime(picked.Value);
}
