using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;

namespace Trading.Web.Features.Broker.Paper;

/// <summary>The paper broker's placement write, one implementation per database (chosen at registration).</summary>
public interface IPaperOrderWrites
{
    /// <summary>A new paper order, with its fill when it filled at once, in one transaction.</summary>
    Task InsertAsync(PaperOrder order, PaperTrade? fill, CancellationToken cancellationToken);
}

/// <summary>The paper placement write through EF Core (SQLite, the embedded default).</summary>
public sealed class EfPaperOrderWrites(IDbContextFactory<TradingDbContext> dbFactory) : IPaperOrderWrites
{
    public async Task InsertAsync(PaperOrder order, PaperTrade? fill, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.PaperOrders.Add(order);
        if (fill is not null) db.PaperTrades.Add(fill);
        await db.SaveChangesAsync(cancellationToken);
    }
}
