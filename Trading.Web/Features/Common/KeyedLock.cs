namespace Trading.Web.Features.Common;

/// <summary>
/// One async lock per key (an order, an account, a position), taken in turn by this instance's callers. A key's
/// semaphore lives only while someone holds or waits for it, so the map does not grow with every key ever seen.
/// </summary>
public sealed class KeyedLock<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> _entries = [];

    internal sealed class Entry
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
    }

    /// <summary>Waits for the key's turn; disposing the result gives it to the next caller.</summary>
    public async ValueTask<Releaser> LockAsync(TKey key, CancellationToken cancellationToken = default)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry();
                _entries[key] = entry;
            }
            entry.Users++;
        }
        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(key, entry);
            throw;
        }
        return new Releaser(this, key, entry);
    }

    /// <summary>How many keys are held or waited for now.</summary>
    public int Count
    {
        get { lock (_entries) return _entries.Count; }
    }

    private void Leave(TKey key, Entry entry)
    {
        lock (_entries)
        {
            if (--entry.Users == 0) _entries.Remove(key);
        }
    }

    public readonly struct Releaser : IDisposable
    {
        private readonly KeyedLock<TKey>? _owner;
        private readonly TKey _key;
        private readonly Entry? _entry;

        internal Releaser(KeyedLock<TKey> owner, TKey key, Entry entry)
        {
            _owner = owner;
            _key = key;
            _entry = entry;
        }

        public void Dispose()
        {
            if (_owner is null || _entry is null) return;
            _entry.Semaphore.Release();
            _owner.Leave(_key, _entry);
        }
    }
}
