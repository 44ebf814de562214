using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Health;
using Trading.Web.Features.Live;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Admin;

/// <summary>The operator console's figures, now.</summary>
public sealed record PlatformFigures(int TradersOnline, int OpenOrders, int OrdersToday, int RejectedToday, string FeedName, bool FeedConnected,
    TimeSpan? FeedLag, int Placements, double? PlacementP50Ms, double? PlacementP95Ms, int BrokerReconnects, int ActiveStrategies,
    IReadOnlyList<ComponentStatus> Health);

/// <summary>What an operator watches: who is online (this instance's open pages), the order flow today, the feed, placement latency, broker sessions.</summary>
public sealed class PlatformOverview(IDbContextFactory<TradingDbContext> dbFactory, LiveEventHub live, IMarketFeed feed, PlacementLatency latency,
    HealthMonitor health, TimeProvider time)
{
    public async Task<PlatformFigures> NowAsync(CancellationToken cancellationToken = default)
    {
        var today = IndianTime.Today(time);
        var (from, to) = (IndianTime.StartOfDayUtc(today), IndianTime.EndOfDayUtc(today));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var working = OrderStatuses.Working;
        var open = await db.Orders.CountAsync(o => working.Contains(o.Status) && o.CreatedAt >= from.AddDays(-7), cancellationToken);
        var todays = await db.Orders.Where(o => o.CreatedAt >= from && o.CreatedAt < to).GroupBy(o => o.Status == OrderStatus.Rejected)
            .Select(g => new { Rejected = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var reconnect = await db.BrokerAccounts.CountAsync(a => a.Status == BrokerAccountStatus.ReconnectNeeded, cancellationToken);
        var strategies = await db.UserStrategies.CountAsync(u => u.Status == UserStrategyStatus.Active, cancellationToken);
        var (count, p50, p95) = latency.Recent();
        var lag = feed.LastTickAt is { } last ? time.GetUtcNow().UtcDateTime - last : (TimeSpan?)null;
        return new PlatformFigures(live.Keys.Count, open, todays.Sum(t => t.Count), todays.Where(t => t.Rejected).Sum(t => t.Count), feed.Name, feed.IsConnected, lag,
            count, p50, p95, reconnect, strategies, health.Current);
    }
}
