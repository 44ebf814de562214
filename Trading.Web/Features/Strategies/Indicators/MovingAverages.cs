namespace Trading.Web.Features.Strategies.Indicators;

// Indicators compute in double: they are signals, not money (orders, fills, charges and P&L stay decimal). Doubles are
// deterministic on one runtime, so a backtest and its replay agree, and they are an order of magnitude faster.

/// <summary>
/// Simple moving average of the last <c>period</c> values: null until that many have arrived. Streaming: a running
/// sum over a ring of the window, so each value costs the same however long the history.
/// </summary>
public sealed class Sma
{
    private readonly double[] _window;
    private int _count, _next;
    private double _sum;

    public Sma(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _window = new double[period];
    }

    public int Period => _window.Length;
    public double? Value { get; private set; }

    public double? Next(double value)
    {
        if (_count == _window.Length) _sum -= _window[_next];
        else _count++;
        _window[_next] = value;
        _sum += value;
        if (++_next == _window.Length)
        {
            _next = 0;
            _sum = 0; // once a window, a fresh sum: no drift from adding and taking away for a year of bars
            foreach (var v in _window) _sum += v;
        }
        return Value = _count == _window.Length ? _sum / _window.Length : null;
    }
}

/// <summary>
/// Exponential moving average, k = 2 / (period + 1). Convention (tools differ): the first value is the SMA of the first
/// <c>period</c> values, then EMA = price × k + previous × (1 − k). Null until seeded.
/// </summary>
public sealed class Ema
{
    private readonly Sma _seed;
    private readonly double _k;
    private bool _seeded;
    private double _value;

    public Ema(int period)
    {
        _seed = new Sma(period);
        _k = 2.0 / (period + 1);
    }

    public double? Value => _seeded ? _value : null;

    public double? Next(double value)
    {
        if (_seeded)
        {
            _value = value * _k + _value * (1 - _k);
            return _value;
        }
        if (_seed.Next(value) is not { } seed) return null;
        (_seeded, _value) = (true, seed);
        return _value;
    }
}

/// <summary>Rate of change in percent over <c>period</c> bars: (close − close n bars ago) / close n bars ago × 100.</summary>
public sealed class Roc
{
    private readonly double[] _history;
    private int _count, _next;

    public Roc(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _history = new double[period];
    }

    public double? Value { get; private set; }

    public double? Next(double value)
    {
        var then = _history[_next];
        _history[_next] = value;
        _next = (_next + 1) % _history.Length;
        if (_count < _history.Length)
        {
            _count++;
            return Value = null;
        }
        return Value = then == 0 ? null : (value - then) / then * 100.0;
    }
}
