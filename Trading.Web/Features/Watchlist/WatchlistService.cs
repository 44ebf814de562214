using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.MarketData;

namespace Trading.Web.Features.Watchlist;

/// <summary>A trader's saved watchlist. Every query is scoped to the given user.</summary>
public sealed class WatchlistService(IDbContextFactory<TradingDbContext> dbFactory, ILtpCache prices, TimeProvider time)
{
    public const int MaxItems = 50;

    public async Task<List<WatchlistRow>> GetAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = await (from w in db.WatchlistItems.AsNoTracking()
                           where w.UserId == userId
                           join i in db.Instruments on new { w.Exchange, w.SymbolToken } equals new { i.Exchange, i.SymbolToken } into found
                           from i in found.DefaultIfEmpty()
                           orderby w.SortOrder, w.Id
                           select new { w.Id, w.Exchange, w.SymbolToken, w.TradingSymbol, Name = i != null ? i.Name : "", IsTradable = i == null || i.IsTradable })
            .ToListAsync(cancellationToken);
        var rows = items.Select(x => new WatchlistRow
        {
            Id = x.Id,
            Instrument = new InstrumentKey(x.Exchange, x.SymbolToken),
            TradingSymbol = x.TradingSymbol,
            Name = x.Name,
            IsTradable = x.IsTradable,
        }).ToList();
        var snapshots = await prices.GetManyAsync(rows.Select(r => r.Instrument).ToList(), cancellationToken);
        foreach (var row in rows)
        {
            if (snapshots.TryGetValue(row.Instrument, out var s)) row.Apply(s.LastPrice, s.PreviousClose, s.UpdatedAt);
            row.LastMove = 0;
        }
        return rows;
    }

    /// <summary>Adds an instrument; returns an error message for the trader, or null when added.</summary>
    public async Task<string?> AddAsync(Guid userId, InstrumentKey instrument, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Instruments.AsNoTracking()
            .FirstOrDefaultAsync(i => i.Exchange == instrument.Exchange && i.SymbolToken == instrument.Token, cancellationToken);
        if (found is null) return "That instrument is not in the instrument list.";
        var items = await db.WatchlistItems.Where(w => w.UserId == userId).Select(w => new { w.Exchange, w.SymbolToken, w.SortOrder }).ToListAsync(cancellationToken);
        if (items.Any(w => w.Exchange == instrument.Exchange && w.SymbolToken == instrument.Token)) return $"{found.TradingSymbol} is already on your watchlist.";
        if (items.Count >= MaxItems) return $"A watchlist holds at most {MaxItems} instruments.";
        db.WatchlistItems.Add(new WatchlistItem
        {
            UserId = userId,
            Exchange = found.Exchange,
            SymbolToken = found.SymbolToken,
            TradingSymbol = found.TradingSymbol,
            SortOrder = items.Count == 0 ? 0 : items.Max(w => w.SortOrder) + 1,
            AddedAt = time.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return $"{found.TradingSymbol} is already on your watchlist.";
        }
        return null;
    }

    public async Task<bool> RemoveAsync(Guid userId, long itemId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WatchlistItems.Where(w => w.UserId == userId && w.Id == itemId).ExecuteDeleteAsync(cancellationToken) > 0;
    }
}
