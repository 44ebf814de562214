using System.Runtime.CompilerServices;

namespace Trading.Web.Features.Strategies.Backtesting;

/// <summary>
/// An append-only list kept in chunks of 4,096 items, each under the runtime's large-object threshold for the item types
/// a backtest keeps (up to 16 bytes): growing never copies and never asks for a fresh large block. A run over a million
/// bars appends hundreds of thousands of figures; doubling a <see cref="List{T}"/> wrote several times their size in
/// fresh memory, which cost the run more than its arithmetic.
/// </summary>
public sealed class ChunkedList<T> : IReadOnlyList<T>
{
    private const int Shift = 12, ChunkSize = 1 << Shift, Mask = ChunkSize - 1;

    private T[][] _chunks = new T[8][];
    private int _chunkCount;
    private T[] _current = [];
    private int _inCurrent;

    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T item)
    {
        if (_inCurrent == _current.Length) NextChunk();
        _current[_inCurrent++] = item;
        Count++;
    }

    /// <summary>Takes the last item off (a figure replaced at the end of a run).</summary>
    public void RemoveLast()
    {
        if (Count == 0) throw new InvalidOperationException("The list is empty.");
        Count--;
        if (_inCurrent == 0)
        {
            _chunkCount--;
            _current = _chunks[_chunkCount - 1];
            _inCurrent = ChunkSize;
        }
        _inCurrent--;
        _current[_inCurrent] = default!;
    }

    public T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            return _chunks[index >> Shift][index & Mask];
        }
    }

    /// <summary>The last item added.</summary>
    public T Last => Count > 0 ? _current[_inCurrent - 1] : throw new InvalidOperationException("The list is empty.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NextChunk()
    {
        if (_chunkCount < _chunks.Length && _chunks[_chunkCount] is { } kept) _current = kept; // a chunk emptied by RemoveLast
        else
        {
            if (_chunkCount == _chunks.Length) Array.Resize(ref _chunks, _chunks.Length * 2);
            _current = _chunks[_chunkCount] = new T[ChunkSize];
        }
        _chunkCount++;
        _inCurrent = 0;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var c = 0; c < _chunkCount; c++)
        {
            var chunk = _chunks[c];
            var end = Math.Min(ChunkSize, Count - c * ChunkSize);
            for (var i = 0; i < end; i++) yield return chunk[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
