using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Positions;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Orders;

/// <summary>The order writes through EF Core (SQLite, the embedded default): each in one transaction.</summary>
public sealed class EfOrderWrites(IDbContextFactory<TradingDbContext> dbFactory, PositionBook positions) : IOrderWrites
{
    public async Task<bool> InsertNewAsync(Order order, OrderEvent received, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.OrderClientIds.Add(new OrderClientId { UserId = order.UserId, ClientOrderId = order.ClientOrderId, OrderId = order.Id, OrderCreatedAt = order.CreatedAt });
        db.Orders.Add(order);
        db.OrderEvents.Add(received);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            return false;
        }
    }

    public async Task<bool> SaveChangeAsync(Order order, uint expectedVersion, OrderChangeRows rows, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        order.Version = expectedVersion;
        db.Orders.Attach(order);
        db.Entry(order).State = EntityState.Modified; // the context bumps the version and checks the stored one
        if (rows.Trades.Count > 0)
        {
            var open = await db.Positions.FirstOrDefaultAsync(p => p.UserId == order.UserId && p.Exchange == order.Exchange
                && p.SymbolToken == order.SymbolToken && p.ProductType == order.ProductType && p.ClosedAt == null, cancellationToken);
            DeliveryDay? day = null;
            if (PositionBook.NeedsDeliveryDay(order, rows.InstrumentType))
            {
                var date = IndianTime.DateOf(rows.Trades[0].TradedAt);
                var (from, to) = (IndianTime.StartOfDayUtc(date), IndianTime.EndOfDayUtc(date));
                // Summed in memory: SQLite cannot sum decimals in SQL. A stock's delivery fills of one day are few.
                var earlier = await db.Trades.AsNoTracking()
                    .Where(t => t.UserId == order.UserId && t.Exchange == order.Exchange && t.SymbolToken == order.SymbolToken
                        && t.ProductType == ProductType.Delivery && t.TradedAt >= from && t.TradedAt < to)
                    .Select(t => new { t.Side, t.Quantity, t.Price })
                    .ToListAsync(cancellationToken);
                day = PositionBook.DeliveryDayOf(earlier.Select(t => (t.Side, t.Quantity, t.Quantity * t.Price)));
            }
            foreach (var position in positions.ApplyFills(open, order, rows.Trades, rows.InstrumentType, day))
            {
                if (position != open) db.Positions.Add(position);
            }
            db.Trades.AddRange(rows.Trades);
        }
        db.OrderEvents.AddRange(rows.Events);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    private static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } => true, // SQLITE_CONSTRAINT
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } => true,
        _ => false,
    };
}
