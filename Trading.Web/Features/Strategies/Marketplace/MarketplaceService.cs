using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Strategies.Curation;

namespace Trading.Web.Features.Strategies.Marketplace;

public sealed record MarketplaceFilter(string? Search = null, string? Category = null, StrategyRiskLevel? Risk = null, string? InstrumentType = null);

/// <summary>
/// The marketplace as every trader sees it: published entries only, with their rules in plain words and parameter
/// ranges (white-box). No past or expected returns are listed; a trader runs a backtest for a hypothetical result.
/// </summary>
public sealed class MarketplaceService(IDbContextFactory<TradingDbContext> dbFactory)
{
    public async Task<IReadOnlyList<Strategy>> ListAsync(MarketplaceFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Strategies.AsNoTracking().Where(s => s.Status == StrategyListingStatus.Published);
        if (filter.Category is { Length: > 0 } category) query = query.Where(s => s.Category == category);
        if (filter.Risk is { } risk) query = query.Where(s => s.RiskLevel == risk);
        var rows = await query.OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var text = filter.Search?.Trim();
        return rows
            .Where(s => string.IsNullOrEmpty(text) || s.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
                || s.Description.Contains(text, StringComparison.OrdinalIgnoreCase) || s.Category.Contains(text, StringComparison.OrdinalIgnoreCase)
                || (BuiltInStrategies.Find(s.BuiltInKey)?.Rules.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false))
            .Where(s => filter.InstrumentType is not { Length: > 0 } type || StrategyCuration.SplitTypes(s.InstrumentTypes).Contains(type))
            .ToList();
    }

    public async Task<IReadOnlyList<string>> CategoriesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Strategies.AsNoTracking().Where(s => s.Status == StrategyListingStatus.Published).Select(s => s.Category).Distinct()
            .OrderBy(c => c).ToListAsync(cancellationToken);
    }

    /// <summary>An entry a trader may look at (published or suspended; drafts and retired ones are not shown), with its newest version.</summary>
    public async Task<(Strategy Strategy, StrategyVersion Version)?> FindAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = await db.Strategies.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Code == code && (s.Status == StrategyListingStatus.Published || s.Status == StrategyListingStatus.Suspended), cancellationToken);
        if (strategy is null) return null;
        var version = await db.StrategyVersions.AsNoTracking().FirstAsync(v => v.StrategyId == strategy.Id && v.Version == strategy.Version, cancellationToken);
        return (strategy, version);
    }
}
