namespace Trading.Web.Features.Strategies.Indicators;

/// <summary>
/// Bollinger bands: the SMA of <c>period</c> closes ± <c>width</c> standard deviations. Convention: the population standard
/// deviation (divide by n, as Bollinger does), not the sample one. The deviation is taken around the window's mean
/// (two passes over the window), which a running sum of squares would lose to rounding on prices in the thousands.
/// </summary>
public sealed class Bollinger
{
    private readonly double[] _window;
    private readonly double _width;
    private int _count, _next;

    public Bollinger(int period = 20, double width = 2.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        _window = new double[period];
        _width = width;
    }

    public double? Middle { get; private set; }
    public double? Upper { get; private set; }
    public double? Lower { get; private set; }
    public double? StandardDeviation { get; private set; }

    public void Next(double close)
    {
        if (_count < _window.Length) _count++;
        _window[_next] = close;
        _next = (_next + 1) % _window.Length;
        if (_count < _window.Length) return;
        double sum = 0;
        foreach (var v in _window) sum += v;
        var mean = sum / _window.Length;
        double squares = 0;
        foreach (var v in _window) squares += (v - mean) * (v - mean);
        var sd = Math.Sqrt(squares / _window.Length);
        (Middle, StandardDeviation, Upper, Lower) = (mean, sd, mean + _width * sd, mean - _width * sd);
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
    private double? _previousClose;
    private int _count;
    private double _sum;

    public Atr(int period = 14)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
    }

    public double? Value { get; private set; }

    public double? Next(double high, double low, double close)
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
    private double _value, _volume;

    public double? Value { get; private set; }

    public double? Next(DateTime barUtc, double high, double low, double close, long volume)
    {
        var day = Infrastructure.IndianTime.DateOf(barUtc);
        if (_session != day)
        {
            (_session, _value, _volume) = (day, 0, 0);
        }
        _value += (high + low + close) / 3.0 * volume;
        _volume += volume;
        return Value = _volume == 0 ? null : _value / _volume;
    }
}
