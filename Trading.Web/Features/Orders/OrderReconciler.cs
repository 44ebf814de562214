using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Positions;

namespace Trading.Web.Features.Orders;

public sealed record ReconciliationResult(int OrdersChecked, int OrdersChanged, int Accounts, IReadOnlyList<string> Problems);

/// <summary>
/// Compares working local orders (pending, open, partly filled, unknown) with each broker account's order book and
/// fixes drift through <see cref="OrderStatusApplier"/>, so every correction leaves an event. An Unknown order is
/// matched by its order tag (or, failing that, its details); one the broker never heard of is marked Rejected after a
/// grace period — it is never sent again. <see cref="ReconciliationJob"/> runs it shortly after start-up and every minute.
/// </summary>
public sealed class OrderReconciler(
    IDbContextFactory<TradingDbContext> dbFactory, BrokerFactory brokers, OrderStatusApplier applier, PositionReconciler positions, TimeProvider time)
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
        // Positions after orders: a fill the app missed is recorded above before positions are compared.
        changed += await positions.ReconcileAsync(problems, cancellationToken);
        return new ReconciliationResult(working.Count, changed, working.Select(o => o.BrokerAccountId).Distinct().Count(), problems);
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
