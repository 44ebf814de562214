using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Live;
using Trading.Web.Features.Notifications;

namespace Trading.Web.Features.Positions;

/// <summary>
/// Open positions against the brokers' own: a trader's position follows the sum of their accounts' net quantities
/// (run by the reconciliation job after orders are reconciled). A correction is never silent: the trader is notified.
/// </summary>
public sealed class PositionReconciler(
    IDbContextFactory<TradingDbContext> dbFactory, BrokerFactory brokers, NotificationService notifications, ILiveEventPublisher live, TimeProvider time)
{
    /// <summary>
    /// Brings each trader's open positions in line with the sum of their broker accounts' net quantities, when every
    /// account could be read. Returns how many positions it corrected; accounts it could not read go to <paramref name="problems"/>.
    /// </summary>
    public async Task<int> ReconcileAsync(List<string> problems, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = await db.Positions.Where(p => p.ClosedAt == null).Select(p => p.UserId).Distinct().ToListAsync(cancellationToken);
        var corrected = 0;
        foreach (var userId in users)
        {
            // Positions are per trader across accounts: the broker side is the sum over their connected accounts.
            var accounts = await db.BrokerAccounts.Where(a => a.UserId == userId).Select(a => new { a.Id, a.Status }).ToListAsync(cancellationToken);
            var accountIds = accounts.Select(a => a.Id).ToList();
            var remote = new List<BrokerPosition>();
            var complete = accounts.All(a => a.Status == BrokerAccountStatus.Connected);
            if (!complete) continue; // an account we cannot read may hold these positions
            foreach (var accountId in accountIds)
            {
                try
                {
                    remote.AddRange(await (await brokers.ForAccountAsync(accountId, cancellationToken)).GetPositionsAsync(cancellationToken));
                }
                catch (BrokerException ex)
                {
                    problems.Add($"Positions of account {accountId}: {ex.Message}");
                    complete = false;
                }
            }
            if (!complete || accountIds.Count == 0) continue; // never "correct" against a partial picture
            var local = await db.Positions.Where(p => p.UserId == userId && p.ClosedAt == null).ToListAsync(cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var position in local)
            {
                var matching = remote.Where(r => r.Exchange == position.Exchange && r.SymbolToken == position.SymbolToken && r.ProductType == position.ProductType).ToList();
                var brokerNet = matching.Sum(r => r.NetQuantity);
                var broker = matching.FirstOrDefault(r => r.NetQuantity != 0);
                if (brokerNet == position.NetQuantity) continue;
                await notifications.AddAsync(db, userId, NotificationKind.PositionCorrected, NotificationSeverity.Warning, $"Position in {position.TradingSymbol} corrected",
                    $"The broker holds {brokerNet} where this app had {position.NetQuantity}; the position now follows the broker.", "/positions", cancellationToken);
                position.NetQuantity = brokerNet;
                if (brokerNet == 0)
                {
                    position.ClosedAt = now;
                }
                else if (broker is not null)
                {
                    position.AveragePrice = brokerNet > 0 ? broker.BuyAveragePrice : broker.SellAveragePrice;
                }
                position.UpdatedAt = now;
                corrected++;
            }
            if (db.ChangeTracker.HasChanges())
            {
                await db.SaveChangesAsync(cancellationToken);
                await live.PublishAsync(new LiveEvent(userId, LiveTopics.Positions, null, now), cancellationToken);
            }
        }
        return corrected;
    }
}
