using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;

namespace Trading.Web.Features.MarketData;

/// <summary>Prefix search on trading symbol and name, for autocomplete.</summary>
public sealed class InstrumentSearch(IDbContextFactory<TradingDbContext> dbFactory)
{
    public async Task<IReadOnlyList<Instrument>> SearchAsync(string? text, int limit = 20, CancellationToken cancellationToken = default)
    {
        var prefix = (text ?? "").Trim().ToUpperInvariant();
        if (prefix.Length == 0) return [];
        // LIKE wildcards typed by a user are literal characters here.
        var pattern = prefix.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var matches = await db.Instruments.AsNoTracking()
            .Where(i => EF.Functions.Like(i.TradingSymbol.ToUpper(), pattern, "\\") || EF.Functions.Like(i.Name.ToUpper(), pattern, "\\"))
            .OrderBy(i => i.TradingSymbol.Length).ThenBy(i => i.TradingSymbol)
            .Take(limit * 3)
            .ToListAsync(cancellationToken);
        return matches
            .OrderByDescending(i => i.TradingSymbol.Equals(prefix, StringComparison.OrdinalIgnoreCase) || i.Name.Equals(prefix, StringComparison.OrdinalIgnoreCase))
            .ThenByDescending(i => i.IsTradable)
            .ThenBy(i => i.Exchange switch { Exchange.NSE => 0, Exchange.BSE => 1, Exchange.NFO => 2, Exchange.MCX => 3, _ => 4 })
            .ThenBy(i => i.TradingSymbol.Length)
            .ThenBy(i => i.TradingSymbol)
            .Take(limit)
            .ToList();
    }
}
