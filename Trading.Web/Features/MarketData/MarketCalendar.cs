using Microsoft.Extensions.Options;
using Trading.Data.Entities;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.MarketData;

/// <summary>The "MarketCalendar" configuration section: session hours in IST and exchange holidays.</summary>
public sealed class MarketCalendarOptions
{
    public const string Section = "MarketCalendar";

    public TimeOnly EquityOpen { get; set; } = new(9, 15);
    public TimeOnly EquityClose { get; set; } = new(15, 30);
    public TimeOnly CommodityOpen { get; set; } = new(9, 0);
    public TimeOnly CommodityClose { get; set; } = new(23, 30);
    /// <summary>Trading holidays of NSE/BSE (equity and F&amp;O), as IST dates.</summary>
    public List<DateOnly> Holidays { get; set; } = [];
    /// <summary>Days MCX is shut all day; MCX often keeps its evening session on equity holidays.</summary>
    public List<DateOnly> CommodityHolidays { get; set; } = [];
}

/// <summary>Is an exchange open? Every answer comes from <see cref="TimeProvider"/>, so tests can set the clock.</summary>
public sealed class MarketCalendar(IOptions<MarketCalendarOptions> options, TimeProvider time)
{
    private MarketCalendarOptions Options => options.Value;

    public bool IsOpen(Exchange exchange) => IsOpen(exchange, time.GetUtcNow());

    public bool IsOpen(Exchange exchange, DateTimeOffset at)
    {
        var ist = at.ToOffset(IndianTime.Offset);
        var day = DateOnly.FromDateTime(ist.DateTime);
        if (!IsTradingDay(exchange, day)) return false;
        var (open, close) = Hours(exchange);
        var now = TimeOnly.FromDateTime(ist.DateTime);
        return now >= open && now < close;
    }

    public bool IsTradingDay(Exchange exchange, DateOnly day)
    {
        if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) return false;
        var holidays = IsCommodity(exchange) ? Options.CommodityHolidays : Options.Holidays;
        return !holidays.Contains(day);
    }

    /// <summary>The trading day after <paramref name="day"/>: equity delivery buys settle then (T+1), holidays and weekends skipped.</summary>
    public DateOnly NextTradingDay(Exchange exchange, DateOnly day)
    {
        for (var next = day.AddDays(1); next < day.AddYears(1); next = next.AddDays(1))
        {
            if (IsTradingDay(exchange, next)) return next;
        }
        throw new InvalidOperationException($"No {exchange} trading day in the coming year: check the holiday list.");
    }

    /// <summary>Now, if the exchange is open at <paramref name="at"/>; else the next session start.</summary>
    public DateTimeOffset NextOpen(Exchange exchange, DateTimeOffset at)
    {
        if (IsOpen(exchange, at)) return at;
        var ist = at.ToOffset(IndianTime.Offset);
        var (open, _) = Hours(exchange);
        for (var day = DateOnly.FromDateTime(ist.DateTime); day < DateOnly.FromDateTime(ist.DateTime).AddYears(1); day = day.AddDays(1))
        {
            var start = new DateTimeOffset(day.ToDateTime(open), IndianTime.Offset);
            if (IsTradingDay(exchange, day) && start > ist) return start;
        }
        throw new InvalidOperationException($"No {exchange} session in the coming year: check the holiday list.");
    }

    public (TimeOnly Open, TimeOnly Close) Hours(Exchange exchange) =>
        IsCommodity(exchange) ? (Options.CommodityOpen, Options.CommodityClose) : (Options.EquityOpen, Options.EquityClose);

    private static bool IsCommodity(Exchange exchange) => exchange is Exchange.MCX or Exchange.NCDEX;
}
