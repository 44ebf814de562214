using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Positions;

public sealed class PositionRow
{
    public required Position Position { get; init; }
    public InstrumentKey Instrument => new(Position.Exchange, Position.SymbolToken);
    public decimal? LastPrice { get; set; }
    public decimal Unrealized => Position.ClosedAt is null && LastPrice is { } p ? PositionMath.Unrealized(Position.NetQuantity, Position.AveragePrice, p) : 0m;
    public decimal Net => Position.RealizedPnl + Unrealized - Position.Charges;
}

public sealed record DayTotals(decimal Realized, decimal Unrealized, decimal Charges)
{
    public decimal Net => Realized + Unrealized - Charges;
}

/// <summary>A trader's positions with live prices, and square-off through the order pipeline (source SquareOff).</summary>
public sealed class PositionsService(IDbContextFactory<TradingDbContext> dbFactory, ILtpCache prices, OrderPipeline pipeline, TimeProvider time)
{
    public async Task<(List<PositionRow> Open, List<PositionRow> Closed)> GetAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = IndianTime.StartOfDayUtc(IndianTime.Today(time).AddDays(-30));
        var positions = await db.Positions.AsNoTracking()
            .Where(p => p.UserId == userId && (p.ClosedAt == null || p.ClosedAt >= since))
            .OrderByDescending(p => p.OpenedAt)
            .ToListAsync(cancellationToken);
        var rows = positions.Select(p => new PositionRow { Position = p, LastPrice = p.LastPrice }).ToList();
        var snapshots = await prices.GetManyAsync(rows.Select(r => r.Instrument).Distinct().ToList(), cancellationToken);
        foreach (var row in rows)
        {
            if (snapshots.TryGetValue(row.Instrument, out var s)) row.LastPrice = s.LastPrice;
        }
        return (rows.Where(r => r.Position.ClosedAt is null).ToList(), rows.Where(r => r.Position.ClosedAt is not null).OrderByDescending(r => r.Position.ClosedAt).ToList());
    }

    /// <summary>
    /// Today's figures (IST): realized of positions touched today, unrealized of open ones, and the charges of today's
    /// fills (a position held from an earlier day brought its charges with it; they are not today's).
    /// </summary>
    public DayTotals Totals(IEnumerable<PositionRow> open, IEnumerable<PositionRow> closed, ChargeBreakdown chargesToday)
    {
        var dayStart = IndianTime.StartOfDayUtc(IndianTime.Today(time));
        var today = open.Concat(closed).Where(r => r.Position.UpdatedAt >= dayStart || r.Position.ClosedAt is null).ToList();
        return new DayTotals(today.Sum(r => r.Position.RealizedPnl), open.Sum(r => r.Unrealized), chargesToday.Total);
    }

    /// <summary>The charges of the trader's fills on an IST day, line by line (summed in memory: SQLite cannot sum decimals).</summary>
    public async Task<ChargeBreakdown> ChargesOnAsync(Guid userId, DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (from, to) = (IndianTime.StartOfDayUtc(day), IndianTime.EndOfDayUtc(day));
        var trades = await db.Trades.AsNoTracking().Where(t => t.UserId == userId && t.TradedAt >= from && t.TradedAt < to).ToListAsync(cancellationToken);
        return trades.Aggregate(ChargeBreakdown.Zero, (sum, t) => sum + PositionBook.ChargesOf(t));
    }

    public async Task<PlaceOrderResult> SquareOffAsync(Guid userId, Guid positionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var position = await db.Positions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == positionId && p.UserId == userId, cancellationToken);
        if (position is null || position.ClosedAt is not null || position.NetQuantity == 0)
        {
            return new PlaceOrderResult(null, new Dictionary<string, string> { ["Position"] = "That position is already closed." });
        }
        // One square-off per position state: a double click finds the first order instead of placing a second.
        var clientOrderId = $"sq-{position.Id:N}-{position.Version}-{position.NetQuantity}";
        return await pipeline.PlaceAsync(new PlaceOrderRequest(userId, clientOrderId, position.Exchange, position.SymbolToken,
            position.NetQuantity > 0 ? OrderSide.Sell : OrderSide.Buy, OrderType.Market, position.ProductType, OrderVariety.Normal,
            OrderValidity.Day, Math.Abs(position.NetQuantity), Source: OrderSource.SquareOff), cancellationToken);
    }

    public async Task<IReadOnlyList<PlaceOrderResult>> SquareOffAllAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var open = await db.Positions.AsNoTracking().Where(p => p.UserId == userId && p.ClosedAt == null && p.NetQuantity != 0)
            .Select(p => p.Id).ToListAsync(cancellationToken);
        var results = new List<PlaceOrderResult>();
        foreach (var id in open) results.Add(await SquareOffAsync(userId, id, cancellationToken));
        return results;
    }
}
