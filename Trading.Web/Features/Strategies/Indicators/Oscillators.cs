namespace Trading.Web.Features.Strategies.Indicators;

/// <summary>
/// Wilder's RSI. Convention: the first average gain and loss are the simple averages of the first <c>period</c> changes
/// (so the first RSI comes with the (period + 1)th close); after that each is (previous × (period − 1) + this change) /
/// period. Only gains: 100; only losses: 0; neither (a flat window): 50.
/// </summary>
public sealed class Rsi
{
    private readonly int _period;
    private decimal? _previousClose;
    private int _changes;
    private decimal _gain, _loss;

    public Rsi(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
    }

    public decimal? Value { get; private set; }

    public decimal? Next(decimal close)
    {
        if (_previousClose is not { } previous)
        {
            _previousClose = close;
            return Value = null;
        }
        _previousClose = close;
        var change = close - previous;
        var gain = change > 0 ? change : 0m;
        var loss = change < 0 ? -change : 0m;
        _changes++;
        if (_changes <= _period)
        {
            _gain += gain;
            _loss += loss;
            if (_changes < _period) return Value = null;
            _gain /= _period;
            _loss /= _period;
        }
        else
        {
            _gain = (_gain * (_period - 1) + gain) / _period;
            _loss = (_loss * (_period - 1) + loss) / _period;
        }
        return Value = (_gain, _loss) switch
        {
            (0m, 0m) => 50m,
            (_, 0m) => 100m,
            _ => 100m - 100m / (1m + _gain / _loss),
        };
    }
}

/// <summary>MACD: fast EMA − slow EMA; its signal line is an EMA of it (seeded like <see cref="Ema"/>); histogram = MACD − signal.</summary>
public sealed class Macd(int fast = 12, int slow = 26, int signal = 9)
{
    private readonly Ema _fast = new(fast), _slow = new(slow), _signal = new(signal);

    public decimal? Line { get; private set; }
    public decimal? Signal { get; private set; }
    public decimal? Histogram => Line is { } l && Signal is { } s ? l - s : null;

    public void Next(decimal close)
    {
        var f = _fast.Next(close);
        var s = _slow.Next(close);
        if (f is null || s is null) return;
        Line = f - s;
        Signal = _signal.Next(Line.Value);
    }
}
