using System.Runtime.CompilerServices;

namespace Trading.Web.Features.Strategies.Indicators;

/// <summary>
/// Wilder's RSI. Convention: the first average gain and loss are the simple averages of the first <c>period</c> changes
/// (so the first RSI comes with the (period + 1)th close); after that each is (previous × (period − 1) + this change) /
/// period. Only gains: 100; only losses: 0; neither (a flat window): 50.
/// </summary>
public sealed class Rsi
{
    private readonly int _period;
    private readonly double _keep, _take;
    private bool _started;
    private double _previousClose;
    private int _changes;
    private double _gain, _loss;

    public Rsi(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
        (_keep, _take) = ((period - 1.0) / period, 1.0 / period);
    }

    public double? Value { get; private set; }

    /// <summary>The RSI with this close, or null while the first <c>period</c> changes come in. The steady path is small enough to inline (a backtest calls it a million times).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double? Next(double close)
    {
        if (_changes < _period) return WarmUp(close);
        var change = close - _previousClose;
        _previousClose = close;
        _gain = _gain * _keep + (change > 0 ? change : 0.0) * _take;
        _loss = _loss * _keep + (change < 0 ? -change : 0.0) * _take;
        return Value = Of(_gain, _loss);
    }

    private double? WarmUp(double close)
    {
        if (!_started)
        {
            (_started, _previousClose) = (true, close);
            return Value = null;
        }
        var change = close - _previousClose;
        _previousClose = close;
        _gain += change > 0 ? change : 0.0;
        _loss += change < 0 ? -change : 0.0;
        if (++_changes < _period) return Value = null;
        _gain /= _period;
        _loss /= _period;
        return Value = Of(_gain, _loss);
    }

    private static double Of(double gain, double loss) => loss == 0 ? (gain == 0 ? 50.0 : 100.0) : 100.0 - 100.0 / (1.0 + gain / loss);
}

/// <summary>MACD: fast EMA − slow EMA; its signal line is an EMA of it (seeded like <see cref="Ema"/>); histogram = MACD − signal.</summary>
public sealed class Macd(int fast = 12, int slow = 26, int signal = 9)
{
    private readonly Ema _fast = new(fast), _slow = new(slow), _signal = new(signal);

    public double? Line { get; private set; }
    public double? Signal { get; private set; }
    public double? Histogram => Line is { } l && Signal is { } s ? l - s : null;

    public void Next(double close)
    {
        var f = _fast.Next(close);
        var s = _slow.Next(close);
        if (f is null || s is null) return;
        Line = f - s;
        Signal = _signal.Next(Line.Value);
    }
}
