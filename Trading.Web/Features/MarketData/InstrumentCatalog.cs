using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;

namespace Trading.Web.Features.MarketData;

/// <summary>
/// Instruments by exchange and token, read once and kept in memory: every order, fill and ticket needs lot size, tick
/// size and tradability, and they change only when the master is imported (which clears this) or a contract expires.
/// Entries are shared: callers must not change them.
/// </summary>
public sealed class InstrumentCatalog(IDbContextFactory<TradingDbContext> dbFactory, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<InstrumentKey, (Instrument Instrument, DateTimeOffset LoadedAt)> _cache = new();

    public async ValueTask<Instrument?> FindAsync(InstrumentKey key, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(key, out var entry) && now - entry.LoadedAt < MaxAge) return entry.Instrument;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var instrument = await db.Instruments.AsNoTracking()
            .FirstOrDefaultAsync(i => i.Exchange == key.Exchange && i.SymbolToken == key.Token, cancellationToken);
        if (instrument is null)
        {
            _cache.TryRemove(key, out _);
            return null; // not remembered: an import may add it any moment
        }
        _cache[key] = (instrument, now);
        return instrument;
    }

    public ValueTask<Instrument?> FindAsync(Exchange exchange, string symbolToken, CancellationToken cancellationToken = default) =>
        FindAsync(new InstrumentKey(exchange, symbolToken), cancellationToken);

    /// <summary>After an import or a retirement of contracts: the next read of each instrument goes to the database.</summary>
    public void Clear() => _cache.Clear();
}
