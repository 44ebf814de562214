using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trading.Data;
using Trading.Data.Entities;

namespace Trading.Web.Features.Health;

/// <summary>Degraded while any Angel One account needs its trader to reconnect (its orders and its strategies wait).</summary>
public sealed class BrokerSessionsHealthCheck(IDbContextFactory<TradingDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var live = await db.BrokerAccounts.AsNoTracking().Where(a => a.Broker != BrokerKind.Paper).GroupBy(a => a.Status == BrokerAccountStatus.ReconnectNeeded)
            .Select(g => new { Reconnect = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var reconnect = live.Where(g => g.Reconnect).Sum(g => g.Count);
        var all = live.Sum(g => g.Count);
        return reconnect == 0
            ? HealthCheckResult.Healthy($"{all} Angel One account{(all == 1 ? "" : "s")}, none needs reconnecting.")
            : new HealthCheckResult(context.Registration.FailureStatus, $"{reconnect} of {all} Angel One accounts need their trader to reconnect.");
    }
}
