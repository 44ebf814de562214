using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Live;
using Trading.Web.Features.MarketData;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Risk;

/// <summary>A trader's risk picture on this instance: rules, state, capital, positions, today's orders and P&amp;L peak.</summary>
public sealed class TraderRisk
{
    public required DateOnly Day { get; init; }
    public required IReadOnlyList<RiskRule> Rules { get; set; }
    public required TradingState State { get; set; }
    public string? StateReason { get; set; }
    public DateTime? KillSwitchAt { get; set; }
    public required decimal Capital { get; init; }
    public required IReadOnlyList<Position> Positions { get; set; }
    public int OrdersToday { get; set; }
    /// <summary>Activations with a risk state of their own today (from a rule scoped to them).</summary>
    public IReadOnlyDictionary<Guid, TradingState> Activations { get; set; } = new Dictionary<Guid, TradingState>();
    public decimal PeakPnl { get; set; }
    /// <summary>The peak as last stored (the watch stores a higher one).</summary>
    public decimal StoredPeak { get; set; }
    public bool PositionsStale { get; set; }
    public readonly Queue<DateTime> LastSecond = new();
    public readonly Lock Gate = new();
}

/// <summary>
/// Keeps each trader's risk picture in memory so a pre-trade check needs no database round trip: loaded once per IST
/// day (today's order count from the orders table, so a restart loses nothing), positions reloaded only after the
/// trader's "positions" event, rules and state after an edit here. Valued with the LTP cache.
/// </summary>
public sealed class RiskBookCache(IDbContextFactory<TradingDbContext> dbFactory, LiveEventHub hub, ILtpCache prices, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, TraderRisk> _traders = new();
    private readonly ConcurrentDictionary<Guid, IDisposable> _listening = new();

    /// <summary>Raised (in the background) after a trader's positions changed: the post-trade rules and a halted book's late fills look then.</summary>
    public event Func<Guid, Task>? PositionsChanged;

    public async Task<TraderRisk> GetAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var today = IndianTime.Today(time);
        if (_traders.TryGetValue(userId, out var risk) && risk.Day == today)
        {
            if (risk.PositionsStale) await ReloadPositionsAsync(userId, risk, cancellationToken);
            return risk;
        }
        risk = await LoadAsync(userId, today, cancellationToken);
        _traders[userId] = risk;
        _listening.GetOrAdd(userId, id => hub.Subscribe(id, OnEventAsync));
        return risk;
    }

    public void Forget(Guid userId) => _traders.TryRemove(userId, out _);

    private async Task OnEventAsync(LiveEvent e)
    {
        if (e.Topic != LiveTopics.Positions) return;
        if (_traders.TryGetValue(e.UserId, out var risk)) risk.PositionsStale = true;
        if (PositionsChanged is { } handler) await handler(e.UserId);
    }

    private async Task<TraderRisk> LoadAsync(Guid userId, DateOnly today, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (dayStart, dayEnd) = (IndianTime.StartOfDayUtc(today), IndianTime.EndOfDayUtc(today));
        var rules = await db.RiskRules.AsNoTracking().Where(r => r.UserId == userId && r.Enabled).ToListAsync(cancellationToken);
        var state = await db.TraderRiskStates.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        var capital = await db.Users.Where(u => u.Id == userId).Select(u => u.TradingCapital).FirstOrDefaultAsync(cancellationToken);
        var orders = await db.Orders.CountAsync(o => o.UserId == userId && o.CreatedAt >= dayStart && o.CreatedAt < dayEnd, cancellationToken);
        var active = state is not null && state.Day == today && state.State != TradingState.Active;
        var activations = await db.UserStrategies.AsNoTracking().Where(u => u.UserId == userId && u.RiskStateDay == today && u.RiskState != TradingState.Active)
            .Select(u => new { u.Id, u.RiskState }).ToDictionaryAsync(u => u.Id, u => u.RiskState, cancellationToken);
        return new TraderRisk
        {
            Day = today,
            Rules = rules,
            State = active ? state!.State : TradingState.Active,
            StateReason = active ? state!.Reason : null,
            KillSwitchAt = active ? state!.KillSwitchAt : null,
            Capital = capital,
            Positions = await PositionsAsync(db, userId, dayStart, cancellationToken),
            OrdersToday = orders,
            Activations = activations,
            PeakPnl = state?.PeakDay == today ? state.PeakPnl : 0,
            StoredPeak = state?.PeakDay == today ? state.PeakPnl : 0,
        };
    }

    private async Task ReloadPositionsAsync(Guid userId, TraderRisk risk, CancellationToken cancellationToken)
    {
        risk.PositionsStale = false;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        risk.Positions = await PositionsAsync(db, userId, IndianTime.StartOfDayUtc(risk.Day), cancellationToken);
    }

    /// <summary>Open positions and those closed today (their realized P&amp;L and charges count for the day).</summary>
    private static Task<List<Position>> PositionsAsync(TradingDbContext db, Guid userId, DateTime dayStart, CancellationToken cancellationToken) =>
        db.Positions.AsNoTracking().Where(p => p.UserId == userId && (p.ClosedAt == null || p.ClosedAt >= dayStart)).ToListAsync(cancellationToken);

    /// <summary>The book as the rules read it now: positions at their last prices, today's P&amp;L net of charges, orders today and in the last second.</summary>
    public async Task<RiskBook> BookAsync(TraderRisk risk, CancellationToken cancellationToken = default)
    {
        var open = risk.Positions.Where(p => p.ClosedAt == null && p.NetQuantity != 0).ToList();
        var snapshots = open.Count == 0 ? new Dictionary<InstrumentKey, LtpSnapshot>()
            : await prices.GetManyAsync(open.Select(p => new InstrumentKey(p.Exchange, p.SymbolToken)).Distinct().ToList(), cancellationToken);
        var positions = open.Select(p => new RiskPosition(p.Exchange, p.SymbolToken, p.TradingSymbol, p.ProductType, p.NetQuantity,
            snapshots.GetValueOrDefault(new InstrumentKey(p.Exchange, p.SymbolToken))?.LastPrice ?? p.LastPrice ?? p.AveragePrice)).ToList();
        // risk.Positions holds only today's (open, or closed today: see PositionsAsync); positions[i] values open[i].
        var unrealized = positions.Zip(open, (p, o) => p.NetQuantity * (p.LastPrice - o.AveragePrice)).Sum();
        var pnl = risk.Positions.Sum(p => p.RealizedPnl - p.Charges) + unrealized;
        int lastSecond;
        lock (risk.Gate)
        {
            risk.PeakPnl = Math.Max(risk.PeakPnl, pnl);
            Trim(risk, time.GetUtcNow().UtcDateTime);
            lastSecond = risk.LastSecond.Count;
        }
        return new RiskBook(risk.Capital, positions, risk.OrdersToday, lastSecond, pnl, risk.PeakPnl);
    }

    /// <summary>An order passed the risk rules: it counts for the day and the orders-per-second window.</summary>
    public void Count(TraderRisk risk)
    {
        var now = time.GetUtcNow().UtcDateTime;
        lock (risk.Gate)
        {
            risk.OrdersToday++;
            risk.LastSecond.Enqueue(now);
            Trim(risk, now);
        }
    }

    private static void Trim(TraderRisk risk, DateTime now)
    {
        while (risk.LastSecond.Count > 0 && now - risk.LastSecond.Peek() >= TimeSpan.FromSeconds(1)) risk.LastSecond.Dequeue();
    }
}
