using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Dashboard;

/// <summary>The signed-in trader's headline figures; every query is scoped to that trader.</summary>
public sealed class DashboardService(IDbContextFactory<TradingDbContext> dbFactory, TimeProvider time)
{
    public async Task<DashboardFigures?> GetAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.DisplayName, u.TradingCapital, u.LastLoginAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }
        var broker = await db.BrokerAccounts.AsNoTracking()
            .Where(a => a.UserId == userId)
            .OrderByDescending(a => a.IsDefault).ThenBy(a => a.CreatedAt)
            .Select(a => new { a.Broker, a.Label, a.Status })
            .FirstOrDefaultAsync(cancellationToken);
        var reconnect = await db.BrokerAccounts.AsNoTracking()
            .Where(a => a.UserId == userId && a.Status == BrokerAccountStatus.ReconnectNeeded)
            .Select(a => a.Label).ToListAsync(cancellationToken);
        var dayStart = IndianTime.StartOfDayUtc(IndianTime.Today(time));
        var ordersToday = await db.Orders.CountAsync(o => o.UserId == userId && o.CreatedAt >= dayStart, cancellationToken);
        var openPositions = await db.Positions.CountAsync(p => p.UserId == userId && p.ClosedAt == null, cancellationToken);
        var activeStrategies = await db.UserStrategies.CountAsync(s => s.UserId == userId && s.Status == UserStrategyStatus.Active, cancellationToken);

        return new DashboardFigures(
            user.DisplayName,
            user.TradingCapital,
            broker?.Broker,
            broker?.Label ?? "No broker account yet",
            broker?.Status,
            ordersToday,
            openPositions,
            activeStrategies,
            user.LastLoginAt,
            reconnect);
    }
}
