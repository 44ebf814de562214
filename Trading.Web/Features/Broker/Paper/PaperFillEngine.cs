using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Common;
using Trading.Web.Features.MarketData;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Broker.Paper;

/// <summary>
/// Fills open paper orders from the live feed. Open orders are held in memory by instrument (loaded from the
/// database once at start, retried until the database answers), every tick of those instruments is checked against
/// them, and a fill is written to the database (order status, trade row) before anyone is told about it.
/// </summary>
public sealed class PaperFillEngine(
    IDbContextFactory<TradingDbContext> dbFactory,
    PaperLedger ledger,
    InstrumentCatalog instruments,
    TickHub ticks,
    ILtpCache prices,
    MarketCalendar calendar,
    IBrokerOrderUpdates updates,
    PaperCharges charges,
    IPaperOrderWrites writes,
    IOptions<PaperOptions> options,
    RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition
{
    private readonly ConcurrentDictionary<InstrumentKey, Watched> _byInstrument = new();
    private readonly KeyedLock<Guid> _orderLocks = new();

    /// <summary><c>Paper:TradeOutsideMarketHours</c>: paper orders are taken (and filled) outside exchange hours.</summary>
    public bool TradesOutsideMarketHours => options.Value.TradeOutsideMarketHours;

    public int TrackedOrders => _byInstrument.Values.Sum(w => w.Orders.Count);

    public static string JobName => "PaperOrdersLoad";

    /// <summary>Once at start-up (until it succeeds): the open paper orders to watch.</summary>
    public static JobSchedule DefaultSchedule => new() { RetryAfter = TimeSpan.FromSeconds(2), MaxRetryAfter = TimeSpan.FromSeconds(30) };

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var open = await db.PaperOrders.AsNoTracking()
            .Where(o => PaperOrderStatuses.Working.Contains(o.Status))
            .ToListAsync(cancellationToken);
        foreach (var order in open) Track(order, tickSize: null, seen: order.Variety != OrderVariety.Amo);
        if (open.Count > 0) Logger.LogInformation("Paper engine watching {Count} open orders", open.Count);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var watched in _byInstrument.Values) watched.Subscription.Dispose();
        _byInstrument.Clear();
    }

    /// <summary>Watches a resting order; <paramref name="seen"/>: it already met a price in session (it is resting, not arriving).</summary>
    public void Track(PaperOrder order, decimal? tickSize, bool seen)
    {
        var key = new InstrumentKey(order.Exchange, order.SymbolToken);
        var watched = _byInstrument.GetOrAdd(key, k => new Watched(ticks.Subscribe(k, tick => OnTickAsync(k, tick.LastPrice))));
        watched.Orders[order.Id] = new OpenOrder(order.Id, tickSize) { Seen = seen };
    }

    public void Untrack(PaperOrder order)
    {
        var key = new InstrumentKey(order.Exchange, order.SymbolToken);
        if (_byInstrument.TryGetValue(key, out var watched) && watched.Orders.TryRemove(order.Id, out _) && watched.Orders.IsEmpty
            && _byInstrument.TryRemove(new KeyValuePair<InstrumentKey, Watched>(key, watched)))
        {
            watched.Subscription.Dispose();
        }
    }

    /// <summary>Checks one order against the latest cached price right away (a new order, a modification).</summary>
    public async Task EvaluateNowAsync(Guid orderId, InstrumentKey key, CancellationToken cancellationToken = default)
    {
        if (await prices.GetAsync(key, cancellationToken) is { } snapshot)
        {
            await EvaluateAsync(orderId, snapshot.LastPrice, arriving: true, cancellationToken);
        }
    }

    private async Task OnTickAsync(InstrumentKey key, decimal lastPrice)
    {
        if (!_byInstrument.TryGetValue(key, out var watched)) return;
        foreach (var (orderId, open) in watched.Orders)
        {
            // The first price an order meets in the session is its arrival (it was placed without one, or is an AMO).
            var arriving = !open.Seen;
            if (await EvaluateAsync(orderId, lastPrice, arriving, CancellationToken.None)) open.Seen = true;
        }
    }

    /// <summary>
    /// Fills the order at this price if it allows (a triggered stop that cannot fill yet becomes an open order) and
    /// returns the fill to store with it; null when it keeps waiting. After-market orders wait for the session.
    /// </summary>
    public PaperTrade? TryFill(PaperOrder order, decimal lastPrice, decimal tickSize, DateTime now, bool arriving = true)
    {
        if (!InSession(order)) return null;
        var triggered = order.Status == PaperOrderStatus.Open && order.OrderType.UsesTrigger();
        var fill = PaperFillRules.FillPrice(order.OrderType, order.Side, order.Price, order.TriggerPrice, triggered, lastPrice, tickSize,
            options.Value.SlippagePercent, arriving);
        if (fill is null)
        {
            if (order.Status == PaperOrderStatus.TriggerPending && PaperFillRules.IsTriggered(order.Side, order.TriggerPrice!.Value, lastPrice))
            {
                order.Status = PaperOrderStatus.Open; // SL triggered: now a resting limit order
                order.UpdatedAt = now;
            }
            return null;
        }
        var remaining = order.Quantity - order.FilledQuantity;
        order.AveragePrice = fill.Value;
        order.FilledQuantity = order.Quantity;
        order.Status = PaperOrderStatus.Complete;
        order.UpdatedAt = now;
        return new PaperTrade
        {
            PaperOrderId = order.Id,
            BrokerAccountId = order.BrokerAccountId,
            FillId = $"{order.BrokerOrderId}-{order.FilledQuantity}",
            Exchange = order.Exchange,
            SymbolToken = order.SymbolToken,
            TradingSymbol = order.TradingSymbol,
            Side = order.Side,
            ProductType = order.ProductType,
            Quantity = remaining,
            Price = fill.Value,
            FilledAt = now,
        };
    }

    private bool InSession(PaperOrder order) => order.Variety != OrderVariety.Amo || calendar.IsOpen(order.Exchange);

    /// <summary>Evaluates the order at this price; false when it was not in session yet (an AMO before the open).</summary>
    private async Task<bool> EvaluateAsync(Guid orderId, decimal lastPrice, bool arriving, CancellationToken cancellationToken)
    {
        using var turn = await _orderLocks.LockAsync(orderId, cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var order = await db.PaperOrders.FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
            if (order is null || !order.Status.IsWorking())
            {
                if (order is not null) Untrack(order);
                return true;
            }
            if (!InSession(order)) return false;
            var instrument = await instruments.FindAsync(order.Exchange, order.SymbolToken, cancellationToken);
            var before = order.Status;
            var fill = TryFill(order, lastPrice, instrument?.TickSize ?? 0.05m, Time.GetUtcNow().UtcDateTime, arriving);
            if (fill is null && order.Status == before) return true;
            if (fill is not null && instrument is not null)
            {
                charges.Charge(fill, instrument, await PaperCharges.DeliveryDayAsync(db, order, instrument, fill.FilledAt, cancellationToken));
            }
            await ledger.ChangeAsync(order.BrokerAccountId, order.UserId, load: false, async book =>
            {
                if (fill is not null) db.PaperTrades.Add(fill);
                await db.SaveChangesAsync(cancellationToken);
                if (fill is not null) book?.Apply(fill);
                book?.Hold(order, lastPrice);
                return true;
            }, cancellationToken);
            if (fill is not null) Untrack(order);
            await PublishAsync(order);
            if (fill is not null) await AfterFillAsync(order, instrument, cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Cancelled or modified meanwhile: the next tick looks again at the fresh row.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "Paper engine could not evaluate order {OrderId}", orderId);
        }
        return false;
    }

    /// <summary>After an order filled: a bracket entry places its target and stop-loss legs; a bracket leg cancels the other.</summary>
    public async Task AfterFillAsync(PaperOrder order, Instrument? instrument, CancellationToken cancellationToken)
    {
        if (order.ParentBrokerOrderId is not null)
        {
            await CancelSiblingsAsync(order, "The other leg of the bracket filled (one-cancels-other).", cancellationToken);
            return;
        }
        var now = Time.GetUtcNow().UtcDateTime;
        foreach (var leg in PaperBracket.Legs(order, instrument?.TickSize ?? 0.05m, now, () => PaperBroker.NewOrderId(now)))
        {
            await writes.InsertAsync(leg, null, cancellationToken);
            await ledger.ChangeAsync(leg.BrokerAccountId, leg.UserId, load: false, book =>
            {
                book?.Hold(leg, null);
                return Task.FromResult(true);
            }, cancellationToken);
            Track(leg, instrument?.TickSize, seen: true);
            await PublishAsync(leg);
        }
    }

    /// <summary>Cancels the bracket legs that share <paramref name="leg"/>'s entry, other than it.</summary>
    public async Task CancelSiblingsAsync(PaperOrder leg, string reason, CancellationToken cancellationToken)
    {
        if (leg.ParentBrokerOrderId is null) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var siblings = await db.PaperOrders
            .Where(o => o.BrokerAccountId == leg.BrokerAccountId && o.ParentBrokerOrderId == leg.ParentBrokerOrderId && o.Id != leg.Id
                && PaperOrderStatuses.Working.Contains(o.Status))
            .ToListAsync(cancellationToken);
        foreach (var sibling in siblings)
        {
            using var turn = await _orderLocks.LockAsync(sibling.Id, cancellationToken);
            sibling.Status = PaperOrderStatus.Cancelled;
            sibling.RejectionReason = reason;
            sibling.UpdatedAt = Time.GetUtcNow().UtcDateTime;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                continue; // it filled meanwhile: the fill stands, as at an exchange
            }
            await ledger.ChangeAsync(sibling.BrokerAccountId, sibling.UserId, load: false, book =>
            {
                book?.Release(sibling.Id);
                return Task.FromResult(true);
            }, cancellationToken);
            Untrack(sibling);
            await PublishAsync(sibling);
        }
    }

    /// <summary>Tells the app (through the brokers' one door) what became of a paper order: filled, cancelled, modified, triggered.</summary>
    public Task PublishAsync(PaperOrder order) =>
        updates.PublishAsync(new BrokerOrderUpdate(order.BrokerAccountId, PaperBroker.ToBrokerOrder(order), "Paper broker update."));

    private sealed record OpenOrder(Guid Id, decimal? TickSize)
    {
        public bool Seen { get; set; }
    }

    private sealed class Watched(IDisposable subscription)
    {
        public IDisposable Subscription { get; } = subscription;
        public ConcurrentDictionary<Guid, OpenOrder> Orders { get; } = new();
    }
}
