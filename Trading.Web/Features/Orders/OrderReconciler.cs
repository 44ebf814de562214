using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;

namespace Trading.Web.Features.Orders;

public sealed record ReconciliationResult(int OrdersChecked, int OrdersChanged, int Accounts, IReadOnlyList<string> Problems);

/// <summary>
/// Compares working local orders (pending, open, partly filled, unknown) with each broker account's order book and
/// fixes drift through <see cref="OrderStatusApplier"/>, so every correction leaves an event. An Unknown order is
/// matched by its order tag (or, failing that, its details); one the broker never heard of is marked Rejected after a
/// grace period — it is never sent again. <see cref="ReconciliationJob"/> runs it shortly after start-up and every minute.
/// </summary>
public sealed class OrderReconciler(
    IDbContextFactory<TradingDbContext> dbFactory, BrokerFactory brokers, OrderStatusApplier applier, Live.ILiveEventPublisher live, TimeProvider time)
{
    public static readonly TimeSpan UnknownGrace = TimeSpan.FromMinutes(2);

    public async Task<ReconciliationResult> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var working = await db.Orders.AsNoTracking()
            .Where(o => o.BrokerAccountId != null && OrderStatuses.Working.Contains(o.Status))
            .ToListAsync(cancellationToken);
        var changed = 0;
        var problems = new List<string>();
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var group in working.GroupBy(o => o.BrokerAccountId!.Value))
        {
            IReadOnlyList<BrokerOrder> book;
            try
            {
                var broker = await brokers.ForAccountAsync(group.Key, cancellationToken);
                book = await broker.GetOrderBookAsync(cancellationToken);
            }
            catch (BrokerException ex)
            {
                problems.Add($"Account {group.Key}: {ex.Message}");
                continue;
            }
            var byId = book.GroupBy(b => b.BrokerOrderId).ToDictionary(g => g.Key, g => g.Last());
            var claimed = new HashSet<string>(group.Where(o => o.BrokerOrderId is not null).Select(o => o.BrokerOrderId!));
            foreach (var order in group.OrderBy(o => o.CreatedAt))
            {
                var match = order.BrokerOrderId is { } id ? byId.GetValueOrDefault(id) : FindUnclaimed(order, book, claimed);
                if (match is not null)
                {
                    claimed.Add(match.BrokerOrderId);
                    var before = order.Status;
                    var after = await applier.ApplyBrokerStateAsync(order.Id, match, "Reconciled with the broker's order book.", cancellationToken);
                    if (after is not null && (after.Status != before || after.FilledQuantity != order.FilledQuantity)) changed++;
                }
                else if (order.Status is OrderStatus.Unknown or OrderStatus.PendingSubmit && now - order.CreatedAt > UnknownGrace)
                {
                    await applier.RecordAsync(order.Id, OrderStatus.Rejected,
                        "The broker's order book has no such order: it was never placed. It was not sent again.", null,
                        errorMessage: "Not found at the broker.", cancellationToken: cancellationToken);
                    changed++;
                }
            }
        }
        changed += await ReconcilePositionsAsync(problems, cancellationToken);
        return new ReconciliationResult(working.Count, changed, working.Select(o => o.BrokerAccountId).Distinct().Count(), problems);
    }

    /// <summary>
    /// Brings each trader's open positions in line with their default broker account's net quantities. A correction is
    /// never silent: the trader gets a notification saying what changed and why.
    /// </summary>
    private async Task<int> ReconcilePositionsAsync(List<string> problems, CancellationToken cancellationToken)
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
                db.Notifications.Add(new Notification
                {
                    UserId = userId,
                    Kind = NotificationKind.Order,
                    Severity = NotificationSeverity.Warning,
                    Title = $"Position in {position.TradingSymbol} corrected",
                    Body = $"The broker holds {brokerNet} where this app had {position.NetQuantity}; the position now follows the broker.",
                    Link = "/positions",
                    CreatedAt = now,
                });
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
                await live.PublishAsync(new Live.LiveEvent(userId, Live.LiveTopics.Positions, null, now), cancellationToken);
            }
        }
        return corrected;
    }

    /// <summary>An order we never got an id for: the book's order with our tag, else one with the same details nobody claimed.</summary>
    private static BrokerOrder? FindUnclaimed(Order order, IReadOnlyList<BrokerOrder> book, HashSet<string> claimed)
    {
        var candidates = book.Where(b => !claimed.Contains(b.BrokerOrderId)).ToList();
        if (!string.IsNullOrEmpty(order.Tag) && candidates.FirstOrDefault(b => b.Tag == order.Tag) is { } tagged) return tagged;
        return candidates.FirstOrDefault(b => b.SymbolToken == order.SymbolToken && b.Exchange == order.Exchange && b.Side == order.Side
            && b.Quantity == order.Quantity && b.OrderType == order.OrderType && (b.Price ?? 0) == (order.Price ?? 0));
    }
}
