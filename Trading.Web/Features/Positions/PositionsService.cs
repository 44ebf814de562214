using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Live;
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

/// <summary>What square-off did for one position: the pending orders it cancelled first, then the exit it sent (or why not).</summary>
public sealed record SquareOffOutcome(string Symbol, ProductType Product, IReadOnlyList<string> Cancelled, string? Problem, PlaceOrderResult? Exit)
{
    public bool Succeeded => Problem is null && Exit is { Accepted: true } exit && exit.Order!.Status is not (OrderStatus.Rejected or OrderStatus.Cancelled);

    public string Describe() => (Cancelled.Count > 0 ? $"{Symbol}: cancelled {string.Join(", ", Cancelled)}; " : $"{Symbol}: ")
        + (Problem ?? (Exit is { Accepted: true } e
            ? $"{e.Order!.Side} {e.Order.Quantity} {OrderDisplay.StatusText(e.Order.Status).ToLowerInvariant()}{(e.Order.ErrorMessage is { } m && e.Order.Status == OrderStatus.Rejected ? $" ({m})" : "")}."
            : $"not sent: {Exit?.Message}"));
}

public sealed record DayTotals(decimal Realized, decimal Unrealized, decimal Charges)
{
    public decimal Net => Realized + Unrealized - Charges;
}

/// <summary>A trader's positions with live prices, and square-off through the order pipeline (source SquareOff).</summary>
public sealed class PositionsService(IDbContextFactory<TradingDbContext> dbFactory, ILtpCache prices, OrderPipeline pipeline, Broker.BrokerFactory brokers,
    Live.ILiveEventPublisher live, TimeProvider time)
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
        return PositionBook.ChargesOf(trades);
    }

    public async Task<PlaceOrderResult> SquareOffAsync(Guid userId, Guid positionId, CancellationToken cancellationToken = default,
        OrderSource source = OrderSource.SquareOff)
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
            OrderValidity.Day, Math.Abs(position.NetQuantity), Source: source), cancellationToken);
    }

    /// <summary>
    /// Every open position (or those <paramref name="which"/> picks) closed at the market: first its pending orders are
    /// cancelled, so none can fill after the exit and reopen it; a position with an order still awaiting the broker's
    /// answer is left alone and said so. Each position's outcome is reported.
    /// </summary>
    public async Task<IReadOnlyList<SquareOffOutcome>> SquareOffAllAsync(Guid userId, CancellationToken cancellationToken = default,
        Func<Position, bool>? which = null, OrderSource source = OrderSource.SquareOff)
    {
        List<Position> open;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            open = await db.Positions.AsNoTracking().Where(p => p.UserId == userId && p.ClosedAt == null && p.NetQuantity != 0).ToListAsync(cancellationToken);
        }
        var outcomes = new List<SquareOffOutcome>();
        foreach (var position in open.Where(p => which?.Invoke(p) ?? true))
        {
            var (cancelled, problem) = await CancelPendingAsync(userId, position, cancellationToken);
            outcomes.Add(problem is not null
                ? new SquareOffOutcome(position.TradingSymbol, position.ProductType, cancelled, problem, null)
                : new SquareOffOutcome(position.TradingSymbol, position.ProductType, cancelled, null, await SquareOffAsync(userId, position.Id, cancellationToken, source)));
        }
        return outcomes;
    }

    /// <summary>
    /// Converts (part of) an open position to another product at its broker (the default account, as square-off uses),
    /// then moves the quantity between the trader's position rows at its average price: no fill, no charges, no P&amp;L.
    /// Returns a message when refused; nothing changes then.
    /// </summary>
    public async Task<string?> ConvertAsync(Guid userId, Guid positionId, ProductType to, int quantity, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var from = await db.Positions.FirstOrDefaultAsync(p => p.Id == positionId && p.UserId == userId, cancellationToken);
        if (from is null || from.ClosedAt is not null || from.NetQuantity == 0) return "That position is already closed.";
        if (quantity <= 0 || quantity > Math.Abs(from.NetQuantity)) return $"Convert between 1 and {Math.Abs(from.NetQuantity)}.";
        if (await brokers.ForUserAsync(userId, null, cancellationToken) is not (_, { } broker)) return "Choose one of your broker accounts.";
        var side = from.NetQuantity > 0 ? OrderSide.Buy : OrderSide.Sell;
        try
        {
            await broker.ConvertPositionAsync(new PositionConversion(from.Exchange, from.TradingSymbol, from.SymbolToken, side, quantity, from.ProductType, to), cancellationToken);
        }
        catch (BrokerException ex)
        {
            return ex.Message;
        }
        var target = await db.Positions.FirstOrDefaultAsync(p => p.UserId == userId && p.Exchange == from.Exchange && p.SymbolToken == from.SymbolToken
            && p.ProductType == to && p.ClosedAt == null, cancellationToken);
        var moved = PositionBook.Convert(from, target, to, quantity, time.GetUtcNow().UtcDateTime);
        if (target is null) db.Positions.Add(moved);
        await db.SaveChangesAsync(cancellationToken);
        await live.PublishAsync(new LiveEvent(userId, LiveTopics.Positions, null, time.GetUtcNow().UtcDateTime), cancellationToken);
        return null;
    }

    /// <summary>The trader's working orders, by instrument and product: what square-off cancels first.</summary>
    public async Task<ILookup<(Exchange, string, ProductType), Order>> PendingOrdersAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var working = await db.Orders.AsNoTracking().Where(o => o.UserId == userId && OrderStatuses.Working.Contains(o.Status)).ToListAsync(cancellationToken);
        return working.ToLookup(o => (o.Exchange, o.SymbolToken, o.ProductType));
    }

    /// <summary>Cancels the working orders of the position's instrument and product; a problem when one cannot be (yet).</summary>
    public async Task<(IReadOnlyList<string> Cancelled, string? Problem)> CancelPendingAsync(Guid userId, Position position, CancellationToken cancellationToken)
    {
        List<Order> working;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            working = await db.Orders.AsNoTracking()
                .Where(o => o.UserId == userId && o.Exchange == position.Exchange && o.SymbolToken == position.SymbolToken
                    && o.ProductType == position.ProductType && OrderStatuses.Working.Contains(o.Status))
                .ToListAsync(cancellationToken);
        }
        var cancelled = new List<string>();
        foreach (var order in working)
        {
            var label = $"{order.Side} {order.Quantity - order.FilledQuantity} {OrderDisplay.TypeText(order)}";
            if (!order.Status.IsChangeable() || order.BrokerOrderId is null)
            {
                return (cancelled, $"not squared off: the order {label} still awaits the broker's answer, and an exit now could reopen the position. Square off again once it is settled.");
            }
            if (await pipeline.CancelAsync(userId, order.Id, cancellationToken) is { } refused)
            {
                // It may have filled or been cancelled meanwhile: only an order still working stops the exit.
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var now = await db.Orders.AsNoTracking().Where(o => o.Id == order.Id && o.UserId == userId).Select(o => o.Status).FirstAsync(cancellationToken);
                if (now.IsWorking()) return (cancelled, $"not squared off: cancelling {label} failed ({refused}).");
                continue;
            }
            cancelled.Add(label);
        }
        return (cancelled, null);
    }
}
