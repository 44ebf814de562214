using System.Runtime.CompilerServices;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Strategies.Backtesting;

/// <summary>
/// A backtest's equity at the end of every bar, written bar by bar, in order, and read as one point per bar. Kept as
/// stretches: while nothing is held equity is the cash, one figure for the whole stretch; while a position is held, one
/// figure per bar. Figures are whole paise in a <see cref="long"/>, and decimal only where they are not; both lists grow
/// in chunks. A million bars with a position a quarter of the time keep about a quarter of a million figures instead of
/// a million decimals (the fresh memory a run writes cost it more than its arithmetic).
/// </summary>
public sealed class EquityCurve : IReadOnlyList<EquityPoint>
{
    private const long InDecimal = long.MinValue;
    private const int DeltaInDecimal = int.MinValue;
    private const int Constant = -1;

    private readonly IReadOnlyList<Bar> _bars;
    private readonly int _count;
    // A stretch from bar Start: one figure (FirstValue = Constant, the figure in Paise) or one per bar from _values[FirstValue],
    // each the difference in paise from the stretch's Paise (4 bytes a bar; a difference beyond an int starts a new stretch).
    private readonly ChunkedList<Stretch> _stretches = new();
    private readonly ChunkedList<int> _values = new();
    private Dictionary<int, decimal>? _decimals; // by value index, or by ~stretch index for a constant stretch
    private int _written;
    private int _lastFound;
    private bool _cashOpen; // the last stretch is cash, unchanged since

    public EquityCurve(IReadOnlyList<Bar> bars, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, bars.Count);
        (_bars, _count) = (bars, count);
    }

    private readonly record struct Stretch(int Start, int FirstValue, long Paise);

    /// <summary>The next bar has the cash of the stretch before it, unchanged since: true (nothing to write); false when the cash changed or a position was held.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryExtendCash()
    {
        if (!_cashOpen) return false;
        _written++;
        return true;
    }

    /// <summary>The cash changed (a fill): the next bar without a position starts a new stretch.</summary>
    public void CashChanged() => _cashOpen = false;

    /// <summary>Bar <paramref name="index"/> (the next one): nothing held, the cash in paise.</summary>
    public void Cash(int index, long paise)
    {
        if (!(_stretches.Count > 0 && _stretches.Last is { FirstValue: Constant } last && last.Paise == paise))
            Begin(index, Constant, paise);
        Next(index);
        _cashOpen = true;
    }

    /// <summary>Bar <paramref name="index"/> (the next one): nothing held, the cash (whole paise or not).</summary>
    public void Cash(int index, decimal equity)
    {
        if (Paise.TryFrom(equity, out var paise))
        {
            Cash(index, paise);
            return;
        }
        if (!(_stretches.Count > 0 && _stretches.Last is { FirstValue: Constant, Paise: InDecimal } && _decimals![~(_stretches.Count - 1)] == equity))
        {
            Begin(index, Constant, InDecimal);
            (_decimals ??= [])[~(_stretches.Count - 1)] = equity;
        }
        Next(index);
        _cashOpen = true;
    }

    /// <summary>Bar <paramref name="index"/> (the next one) marked to market while a position is held, in paise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Marked(int index, long paise)
    {
        _cashOpen = false;
        if (_stretches.Count == 0 || _stretches.Last is not { FirstValue: not Constant } last || paise - last.Paise is < -int.MaxValue or > int.MaxValue)
        {
            Begin(index, _values.Count, paise);
            _values.Add(0);
        }
        else
        {
            _values.Add((int)(paise - last.Paise));
        }
        Next(index);
    }

    /// <summary>Bar <paramref name="index"/> (the next one) marked to market with a figure that may not be whole paise.</summary>
    public void Marked(int index, decimal equity)
    {
        if (Paise.TryFrom(equity, out var paise))
        {
            Marked(index, paise);
            return;
        }
        _cashOpen = false;
        if (_stretches.Count == 0 || _stretches.Last.FirstValue == Constant) Begin(index, _values.Count, 0);
        _values.Add(DeltaInDecimal);
        (_decimals ??= [])[_values.Count - 1] = equity;
        Next(index);
    }

    /// <summary>Replaces the last bar's figure (a position closed or filled at the very end of the data).</summary>
    public void ReplaceLast(decimal equity)
    {
        if (_written != _count || _count == 0) throw new InvalidOperationException("Every bar is written before the last is replaced.");
        var last = _stretches.Last;
        if (last.FirstValue != Constant) _values.RemoveLast();
        if (last.Start == _count - 1) _stretches.RemoveLast();
        _written--;
        Marked(_count - 1, equity);
        _cashOpen = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Next(int index)
    {
        if (index != _written) Misordered(index);
        _written++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Misordered(int index) =>
        throw new InvalidOperationException($"Bar {index} written after bar {_written - 1}: bars are written once each, in order.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Begin(int index, int firstValue, long paise) => _stretches.Add(new Stretch(index, firstValue, paise));

    /// <summary>Bars written so far (all of them once the run is over).</summary>
    public int Count => _written;

    public EquityPoint this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_written) throw new ArgumentOutOfRangeException(nameof(index));
            return new EquityPoint(_bars[index].Time, Figure(Find(index), index));
        }
    }

    public IEnumerator<EquityPoint> GetEnumerator()
    {
        for (var s = 0; s < _stretches.Count; s++)
        {
            var end = s + 1 < _stretches.Count ? _stretches[s + 1].Start : _written;
            for (var i = _stretches[s].Start; i < end; i++) yield return new EquityPoint(_bars[i].Time, Figure(s, i));
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private decimal Figure(int s, int index)
    {
        var stretch = _stretches[s];
        if (stretch.FirstValue == Constant) return stretch.Paise == InDecimal ? _decimals![~s] : Paise.ToRupees(stretch.Paise);
        var at = stretch.FirstValue + index - stretch.Start;
        var delta = _values[at];
        return delta == DeltaInDecimal ? _decimals![at] : Paise.ToRupees(stretch.Paise + delta);
    }

    /// <summary>The stretch holding bar <paramref name="index"/>: the one found last or the next (reads go in order), else a binary search.</summary>
    private int Find(int index)
    {
        var s = _lastFound;
        var count = _stretches.Count;
        if (s < count && _stretches[s].Start <= index)
        {
            if (s + 1 >= count || index < _stretches[s + 1].Start) return s;
            if (s + 2 >= count || index < _stretches[s + 2].Start) return _lastFound = s + 1;
        }
        int low = 0, high = count - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (_stretches[mid].Start <= index) low = mid;
            else high = mid - 1;
        }
        return _lastFound = low;
    }
}
