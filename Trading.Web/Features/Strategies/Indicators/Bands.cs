namespace Trading.Web.Features.Strategies.Indicators;

/// <summary>
/// Bollinger bands: the SMA of <c>period</c> closes ± <c>width</c> standard deviations. Convention: the population standard
/// deviation (divide by n, as Bollinger does), not the sample one. Running sums of values and squares over the window.
/// </summary>
public sealed class Bollinger
{
    private readonly decimal[] _window;
    private readonly decimal _width;
    private int _count, _next;
    private decimal _sum, _squares;

    public Bollinger(int period = 20, decimal width = 2m)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        _window = new decimal[period];
        _width = width;
    }

    public decimal? Middle { get; private set; }
    public decimal? Upper { get; private set; }
    public decimal? Lower { get; private set; }
    public decimal? StandardDeviation { get; private set; }

    public void Next(decimal close)
    {
        if (_count == _window.Length)
        {
            var old = _window[_next];
            _sum -= old;
            _squares -= old * old;
        }
        else
        {
            _count++;
        }
        _window[_next] = close;
        _sum += close;
        _squares += close * close;
        _next = (_next + 1) % _window.Length;
        if (_count < _window.Length) return;
        var n = _window.Length;
        var mean = _sum / n;
        var variance = Math.Max(0m, _squares / n - mean * mean); // rounding can leave a hair below zero on a flat window
        var sd = Sqrt(variance);
        (Middle, StandardDeviation, Upper, Lower) = (mean, sd, mean + _width * sd, mean - _width * sd);
    }

    /// <summary>Square root in decimal (Newton's method from the double estimate), so results do not depend on double rounding.</summary>
    internal static decimal Sqrt(decimal value)
    {
        if (value <= 0) return 0m;
        var x = (decimal)Math.Sqrt((double)value);
        for (var i = 0; i < 4; i++) x = (x + value / x) / 2m;
        return x;
    }
}

/// <summary>
/// Wilder's average true range. Conventions: the first bar's true range is its high − low (there is no previous close);
/// later ones are the largest of high − low, |high − previous close|, |low − previous close|. The first ATR is the simple
/// average of the first <c>period</c> true ranges, then (previous × (period − 1) + TR) / period.
/// </summary>
public sealed class Atr
{
    private readonly int _period;
    private decimal? _previousClose;
    private int _count;
    private decimal _sum;

    public Atr(int period = 14)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
    }

    public decimal? Value { get; private set; }

    public decimal? Next(decimal high, decimal low, decimal close)
    {
        var range = high - low;
        var tr = _previousClose is { } pc ? Math.Max(range, Math.Max(Math.Abs(high - pc), Math.Abs(low - pc))) : range;
        _previousClose = close;
        _count++;
        if (_count < _period)
        {
            _sum += tr;
            return Value = null;
        }
        if (_count == _period) return Value = (_sum + tr) / _period;
        return Value = (Value!.Value * (_period - 1) + tr) / _period;
    }
}

/// <summary>
/// Volume-weighted average price of the session: Σ(typical price × volume) / Σ volume with typical = (high + low + close) / 3,
/// starting afresh with the first bar of each IST trading day. Null until the session has traded volume.
/// </summary>
public sealed class Vwap
{
    private DateOnly? _session;
    private decimal _value, _volume;

    public decimal? Value { get; private set; }

    public decimal? Next(DateTime barUtc, decimal high, decimal low, decimal close, long volume)
    {
        var day = Infrastructure.IndianTime.DateOf(barUtc);
        if (_session != day)
        {
            (_session, _value, _volume) = (day, 0m, 0m);
        }
        _value += (high + low + close) / 3m * volume;
        _volume += volume;
        return Value = _volume == 0 ? null : _value / _volume;
    }
}
