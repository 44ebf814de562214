using Trading.Data.Entities;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Strategies.BuiltIn;

/// <summary>
/// Opening-range breakout: the high and low of the first <c>minutes</c> after 09:15 IST make the range; a close above
/// it buys, a close below sells short (one entry a day); any position is closed at the exit time. Each IST day starts
/// afresh.
/// </summary>
public sealed class OpeningRangeBreakout(StrategyParameters p) : IStrategy
{
    private static readonly TimeOnly SessionOpen = new(9, 15);

    public static readonly IReadOnlyList<ParameterSpec> Schema =
    [
        new("minutes", "Opening range (minutes)", ParameterType.Integer, 5, 120, 5, 15, "Minutes after 09:15 IST whose high and low make the range."),
        new("exitAt", "Exit by (IST)", ParameterType.TimeOfDay, 10 * 60, 15 * 60 + 15, 5, 15 * 60, "Close any position at this time (before the broker's 15:15 square-off)."),
    ];

    private readonly int _minutes = p.Int("minutes");
    private readonly TimeOnly _exitAt = p.Time("exitAt");
    private DateOnly? _day;
    private decimal _high, _low;
    private bool _traded;

    public int WarmUpBars => 0; // the range is today's own

    public Signal OnBar(Bar bar, StrategyPosition position)
    {
        var ist = IndianTime.ToIst(bar.Time);
        var day = DateOnly.FromDateTime(ist.DateTime);
        var time = TimeOnly.FromDateTime(ist.DateTime);
        if (_day != day)
        {
            (_day, _high, _low, _traded) = (day, decimal.MinValue, decimal.MaxValue, false);
        }
        if (time >= _exitAt) return position == StrategyPosition.Flat ? Signal.None : Signal.Exit;
        if (time < SessionOpen) return Signal.None;
        if (time < SessionOpen.AddMinutes(_minutes))
        {
            _high = Math.Max(_high, bar.High);
            _low = Math.Min(_low, bar.Low);
            return Signal.None;
        }
        if (position != StrategyPosition.Flat || _traded || _high == decimal.MinValue) return Signal.None;
        if (bar.Close > _high) { _traded = true; return Signal.EnterLong; }
        if (bar.Close < _low) { _traded = true; return Signal.EnterShort; }
        return Signal.None;
    }
}
