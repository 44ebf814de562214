namespace Trading.Web.Features.Strategies.Indicators;

/// <summary>
/// Simple moving average of the last <c>period</c> values: null until that many have arrived. Streaming: a running
/// sum over a ring of the window, so each value costs the same however long the history.
/// </summary>
public sealed class Sma
{
    private readonly decimal[] _window;
    private int _count, _next;
    private decimal _sum;

    public Sma(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _window = new decimal[period];
    }

    public int Period => _window.Length;
    public decimal? Value { get; private set; }

    public decimal? Next(decimal value)
    {
        if (_count == _window.Length) _sum -= _window[_next];
        else _count++;
        _window[_next] = value;
        _sum += value;
        _next = (_next + 1) % _window.Length;
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
    private readonly decimal _k;

    public Ema(int period)
    {
        _seed = new Sma(period);
        _k = 2m / (period + 1);
    }

    public decimal? Value { get; private set; }

    public decimal? Next(decimal value)
    {
        if (Value is { } previous) return Value = value * _k + previous * (1 - _k);
        return Value = _seed.Next(value);
    }
}

/// <summary>Rate of change in percent over <c>period</c> bars: (close − close n bars ago) / close n bars ago × 100.</summary>
public sealed class Roc
{
    private readonly Queue<decimal> _history = new();
    private readonly int _period;

    public Roc(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
    }

    public decimal? Value { get; private set; }

    public decimal? Next(decimal value)
    {
        _history.Enqueue(value);
        if (_history.Count <= _period) return Value = null;
        var then = _history.Dequeue();
        return Value = then == 0 ? null : (value - then) / then * 100m;
    }
}
