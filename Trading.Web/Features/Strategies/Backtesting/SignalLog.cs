using Trading.Data.Entities;

namespace Trading.Web.Features.Strategies.Backtesting;

/// <summary>A run's signals as (bar time, signal), kept as one int each (the bar's index and the signal): a run over a million bars signals tens of thousands of times.</summary>
public sealed class SignalLog(IReadOnlyList<Bar> bars) : IReadOnlyList<(DateTime BarTime, Signal Signal)>
{
    private readonly ChunkedList<int> _entries = new();

    public void Add(int barIndex, Signal signal)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(barIndex, int.MaxValue >> 2);
        _entries.Add(barIndex << 2 | (int)signal);
    }

    public int Count => _entries.Count;

    public (DateTime BarTime, Signal Signal) this[int index] => Of(_entries[index]);

    public IEnumerator<(DateTime BarTime, Signal Signal)> GetEnumerator()
    {
        foreach (var entry in _entries) yield return Of(entry);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private (DateTime, Signal) Of(int entry) => (bars[entry >> 2].Time, (Signal)(entry & 3));
}
