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
    IDbContextFactory<TradingDbContext> dbFactory, BrokerFactory brokers, OrderStatusApplier applier, BracketLegImporter legs, PositionReconciler positions,
    TimeProvider time)
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
        // Today's bracket entries: their legs live at the broker and are imported if the app missed them.
        var dayStart = Infrastructure.IndianTime.StartOfDayUtc(Infrastructure.IndianTime.Today(time));
        var bracketAccounts = await db.Orders.AsNoTracking()
            .Where(o => o.BrokerAccountId != null && o.Variety == OrderVariety.Robo && o.ParentOrderId == null && o.CreatedAt >= dayStart && o.BrokerOrderId != null)
            .Select(o => o.BrokerAccountId!.Value).Distinct().ToListAsync(cancellationToken);
        var groups = working.GroupBy(o => o.BrokerAccountId!.Value).ToDictionary(g => g.Key, g => g.ToList());
        var books = new Dictionary<Guid, IReadOnlyList<BrokerOrder>>();
        foreach (var account in bracketAccounts.Where(a => !groups.ContainsKey(a))) groups[account] = [];
        foreach (var (accountId, orders) in groups)
        {
            IReadOnlyList<BrokerOrder> book;
            try
            {
                var broker = await brokers.ForAccountAsync(accountId, cancellationToken);
                book = await broker.GetOrderBookAsync(cancellationToken);
                books[accountId] = book;
            }
            catch (BrokerException ex)
            {
                problems.Add($"Account {accountId}: {ex.Message}");
                continue;
            }
            var byId = book.GroupBy(b => b.BrokerOrderId).ToDictionary(g => g.Key, g => g.Last());
            var claimed = new HashSet<string>(orders.Where(o => o.BrokerOrderId is not null).Select(o => o.BrokerOrderId!));
            foreach (var order in orders.OrderBy(o => o.CreatedAt))
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
        changed += await ImportMissingLegsAsync(books, cancellationToken);
        // Positions after orders: a fill the app missed is recorded above before positions are compared.
        changed += await positions.ReconcileAsync(problems, cancellationToken);
        return new ReconciliationResult(working.Count, changed, working.Select(o => o.BrokerAccountId).Distinct().Count(), problems);
    }

    /// <summary>Bracket legs in the broker's books that the app has no order for (their updates were missed).</summary>
    private async Task<int> ImportMissingLegsAsync(Dictionary<Guid, IReadOnlyList<BrokerOrder>> books, CancellationToken cancellationToken)
    {
        var imported = 0;
        foreach (var (accountId, book) in books)
        {
            var bookLegs = book.Where(b => b.ParentBrokerOrderId is not null).ToList();
            if (bookLegs.Count == 0) continue;
            var ids = bookLegs.Select(l => l.BrokerOrderId).ToList();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var known = await db.Orders.AsNoTracking().Where(o => o.BrokerAccountId == accountId && o.BrokerOrderId != null && ids.Contains(o.BrokerOrderId))
                .Select(o => o.BrokerOrderId!).ToListAsync(cancellationToken);
            foreach (var leg in bookLegs.Where(l => !known.Contains(l.BrokerOrderId)))
            {
                if (await legs.ImportAsync(accountId, leg, "Reconciled with the broker's order book.", cancellationToken) is not null) imported++;
            }
        }
        return imported;
    }

    /// <summary>An order we never got an id for: the book's order with our tag, else one with the same details nobody claimed.</summary>
    private static BrokerOrder? FindUnclaimed(Order order, IReadOnlyList<BrokerOrder> book, HashSet<string> claimed)
    {
        var candidates = book.Where(b => !claimed.Contains(b.BrokerOrderId) && b.ParentBrokerOrderId is null).ToList();
        if (!string.IsNullOrEmpty(order.Tag) && candidates.FirstOrDefault(b => b.Tag == order.Tag) is { } tagged) return tagged;
        return candidates.FirstOrDefault(b => b.SymbolToken == order.SymbolToken && b.Exchange == order.Exchange && b.Side == order.Side
            && b.Quantity == order.Quantity && b.OrderType == order.OrderType && (b.Price ?? 0) == (order.Price ?? 0));
    }
}
