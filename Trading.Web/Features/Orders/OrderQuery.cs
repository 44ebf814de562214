using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Orders;

public sealed record OrderFilter(OrderStatus? Status = null, string? Symbol = null, OrderSide? Side = null, OrderSource? Source = null,
    Guid? UserStrategyId = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>Position in the newest-first order list: the last row of the previous page.</summary>
public readonly record struct OrderCursor(DateTime CreatedAt, Guid Id);

/// <summary>
/// The blotter's reads: newest first by (created time, id), keyset-paged so page 1,000 costs what page 1 costs, with
/// filters pushed into SQL. Every query is the signed-in user's only.
/// </summary>
public sealed class OrderQuery(IDbContextFactory<TradingDbContext> dbFactory)
{
    public sealed record StrategyChoice(Guid Id, string Name);

    /// <summary>The trader's strategies (active or not), for the blotter's strategy filter.</summary>
    public async Task<IReadOnlyList<StrategyChoice>> StrategiesAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.UserStrategies.AsNoTracking().Where(s => s.UserId == userId)
            .OrderByDescending(s => s.ActivatedAt)
            .Select(s => new { s.Id, Name = s.Strategy!.Name, s.ActivatedAt })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new StrategyChoice(r.Id, $"{r.Name} (since {IndianTime.ToIst(r.ActivatedAt):dd MMM yyyy})")).ToList();
    }

    public async Task<IReadOnlyList<Order>> PageAsync(Guid userId, OrderFilter filter, OrderCursor? after, int size, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, userId, filter);
        if (after is { } cursor)
        {
            query = query.Where(o => o.CreatedAt < cursor.CreatedAt || (o.CreatedAt == cursor.CreatedAt && o.Id.CompareTo(cursor.Id) < 0));
        }
        return await query.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Take(size).ToListAsync(cancellationToken);
    }

    /// <summary>The charges of the order's fills, line by line (what its contract note shows for it).</summary>
    public async Task<Positions.ChargeBreakdown> ChargesAsync(Guid userId, Guid orderId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var trades = await db.Trades.AsNoTracking().Where(t => t.OrderId == orderId && t.UserId == userId).ToListAsync(cancellationToken);
        return Positions.PositionBook.ChargesOf(trades);
    }

    public async Task<IReadOnlyList<OrderEvent>> EventsAsync(Guid userId, Guid orderId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.OrderEvents.AsNoTracking().Where(e => e.OrderId == orderId && e.UserId == userId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Every matching order, newest first, streamed from the database without loading them all.</summary>
    public async IAsyncEnumerable<Order> StreamAsync(Guid userId, OrderFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await foreach (var order in Filtered(db, userId, filter).OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return order;
        }
    }

    private static IQueryable<Order> Filtered(TradingDbContext db, Guid userId, OrderFilter f)
    {
        var query = db.Orders.AsNoTracking().Where(o => o.UserId == userId);
        if (f.Status is { } status) query = query.Where(o => o.Status == status);
        if (!string.IsNullOrWhiteSpace(f.Symbol))
        {
            var symbol = f.Symbol.Trim().ToUpperInvariant();
            query = query.Where(o => o.TradingSymbol.StartsWith(symbol));
        }
        if (f.Side is { } side) query = query.Where(o => o.Side == side);
        if (f.Source is { } source) query = query.Where(o => o.Source == source);
        if (f.UserStrategyId is { } strategy) query = query.Where(o => o.UserStrategyId == strategy);
        if (f.From is { } from)
        {
            var start = IndianTime.StartOfDayUtc(from);
            query = query.Where(o => o.CreatedAt >= start);
        }
        if (f.To is { } to)
        {
            var end = IndianTime.EndOfDayUtc(to);
            query = query.Where(o => o.CreatedAt < end);
        }
        return query;
    }
}
