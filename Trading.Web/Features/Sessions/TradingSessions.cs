using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Notifications;
using Trading.Web.Features.Positions;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Sessions;

/// <summary>
/// One <c>trading_sessions</c> row per trader per trading day (IST) with activity (orders, positions or capital moves):
/// refreshed live during the day from the same figures as the positions page, closed after the day's last segment with
/// the end-of-day report; a day left open (the app was down) is closed when the app is back and marked closed late.
/// Weekends and days when neither NSE nor MCX trades get no row. Every read is the trader's own.
/// </summary>
public sealed class TradingSessions(IDbContextFactory<TradingDbContext> dbFactory, IServiceScopeFactory scopes, MarketCalendar calendar,
    NotificationService notifications, IOptionsMonitor<SessionOptions> options, TimeProvider time, ILogger<TradingSessions> logger)
{
    public bool IsTradingDay(DateOnly day) => calendar.IsTradingDay(Exchange.NSE, day) || calendar.IsTradingDay(Exchange.MCX, day);

    /// <summary>Today's row of the trader brought up to date (created on the first activity), or null on a day without trading.</summary>
    public async Task<TradingSession?> RefreshAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var today = IndianTime.Today(time);
        if (!IsTradingDay(today)) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var (from, to) = (IndianTime.StartOfDayUtc(today), IndianTime.EndOfDayUtc(today));
        await using var scope = scopes.CreateAsyncScope();
        var positions = scope.ServiceProvider.GetRequiredService<PositionsService>();
        var (open, closed) = await positions.GetAsync(userId, cancellationToken);
        var totals = positions.Totals(open, closed, await positions.ChargesOnAsync(userId, today, cancellationToken));

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await db.TradingSessions.FirstOrDefaultAsync(s => s.UserId == userId && s.TradingDay == today, cancellationToken);
        if (session is { EndedAt: not null }) return session;
        var orders = await db.Orders.AsNoTracking().Where(o => o.UserId == userId && o.CreatedAt >= from && o.CreatedAt < to)
            .GroupBy(o => o.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Count(params OrderStatus[] statuses) => orders.Where(o => statuses.Contains(o.Status)).Sum(o => o.Count);
        var (deposits, withdrawals) = await CapitalMovesAsync(db, userId, today, cancellationToken);
        if (session is null && orders.Count == 0 && open.Count == 0 && deposits == 0 && withdrawals == 0 && totals.Realized == 0 && totals.Charges == 0) return null;

        var opening = session?.OpeningCapital ?? await OpeningCapitalAsync(db, userId, today, cancellationToken);
        var breaches = await db.RiskViolations.CountAsync(v => v.UserId == userId && v.OccurredAt >= from && v.OccurredAt < to, cancellationToken);
        var strategies = await db.UserStrategies.CountAsync(u => u.UserId == userId && u.Status == UserStrategyStatus.Active, cancellationToken);
        if (session is null)
        {
            session = new TradingSession { Id = Guid.CreateVersion7(), UserId = userId, TradingDay = today, StartedAt = now };
            db.TradingSessions.Add(session);
        }
        SessionRollup.Apply(session, new SessionInputs(opening, deposits, withdrawals, totals.Realized, totals.Unrealized, totals.Charges,
            orders.Sum(o => o.Count), Count(OrderStatus.Filled), Count(OrderStatus.Rejected), Count(OrderStatus.Cancelled), breaches, strategies));
        session.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (db.Entry(session).State == EntityState.Added)
        {
            // Another refresh created today's row first: the next refresh updates it.
            return await TodayAsync(userId, cancellationToken);
        }
        return session;
    }

    /// <summary>Refreshes today's row of every trader with activity today.</summary>
    public async Task RefreshActiveAsync(CancellationToken cancellationToken)
    {
        var today = IndianTime.Today(time);
        if (!IsTradingDay(today)) return;
        var (from, to) = (IndianTime.StartOfDayUtc(today), IndianTime.EndOfDayUtc(today));
        List<Guid> users;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            users = await db.Orders.Where(o => o.CreatedAt >= from && o.CreatedAt < to).Select(o => o.UserId)
                .Union(db.Positions.Where(p => p.ClosedAt == null && p.NetQuantity != 0).Select(p => p.UserId))
                .Union(db.CapitalChanges.Where(c => c.TradingDay == today).Select(c => c.UserId))
                .Union(db.TradingSessions.Where(s => s.TradingDay == today && s.EndedAt == null).Select(s => s.UserId))
                .Distinct().ToListAsync(cancellationToken);
        }
        foreach (var user in users)
        {
            try
            {
                await RefreshAsync(user, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Trading session of {UserId} not refreshed", user);
            }
        }
    }

    /// <summary>
    /// Closes every open day whose end has passed (today's after <see cref="SessionOptions.DayEndsAtIst"/>, refreshed once
    /// more first), with the end-of-day report; one closed more than <see cref="SessionOptions.LateAfter"/> after its end is marked late.
    /// </summary>
    public async Task<int> CloseDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow().UtcDateTime;
        var today = IndianTime.Today(time);
        DateTime EndOf(DateOnly day) => IndianTime.StartOfDayUtc(day) + settings.DayEndsAtIst.ToTimeSpan();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var open = await db.TradingSessions.Where(s => s.EndedAt == null && s.TradingDay <= today).ToListAsync(cancellationToken);
        var closed = 0;
        foreach (var session in open.Where(s => now >= EndOf(s.TradingDay)).OrderBy(s => s.TradingDay))
        {
            if (session.TradingDay == today)
            {
                await RefreshAsync(session.UserId, cancellationToken);
                await db.Entry(session).ReloadAsync(cancellationToken);
            }
            session.EndedAt = now;
            session.ClosedLate = now > EndOf(session.TradingDay) + settings.LateAfter;
            session.ClosingCapital ??= session.OpeningCapital + session.Deposits - session.Withdrawals + session.NetPnl;
            await notifications.AddAsync(db, session.UserId, NotificationKind.EndOfDayReport,
                session.NetPnl >= 0 ? NotificationSeverity.Success : NotificationSeverity.Warning,
                $"Day report {session.TradingDay:dd MMM yyyy}: net {IndianFormat.Rupees(session.NetPnl)}", SessionRollup.Report(session),
                $"/sessions?day={session.TradingDay:yyyy-MM-dd}", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            closed++;
        }
        return closed;
    }

    public async Task<TradingSession?> TodayAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var today = IndianTime.Today(time);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.TradingSessions.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId && s.TradingDay == today, cancellationToken);
    }

    /// <summary>The trader's days from <paramref name="from"/> to <paramref name="to"/> (IST), oldest first.</summary>
    public async Task<IReadOnlyList<TradingSession>> ListAsync(Guid userId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.TradingSessions.AsNoTracking().Where(s => s.UserId == userId && s.TradingDay >= from && s.TradingDay <= to)
            .OrderBy(s => s.TradingDay).ToListAsync(cancellationToken);
    }

    /// <summary>What happened on one of the trader's days: its orders, the positions it touched, its rule breaches, its notifications and capital moves.</summary>
    public sealed record DayDetail(IReadOnlyList<Order> Orders, IReadOnlyList<Position> Positions, IReadOnlyList<RiskViolation> Violations,
        IReadOnlyList<Notification> Notifications, IReadOnlyList<CapitalChange> CapitalChanges);

    public async Task<DayDetail> DayAsync(Guid userId, DateOnly day, CancellationToken cancellationToken = default)
    {
        var (from, to) = (IndianTime.StartOfDayUtc(day), IndianTime.EndOfDayUtc(day));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var orders = await db.Orders.AsNoTracking().Where(o => o.UserId == userId && o.CreatedAt >= from && o.CreatedAt < to).OrderBy(o => o.CreatedAt)
            .Take(500).ToListAsync(cancellationToken);
        var traded = await db.Trades.AsNoTracking().Where(t => t.UserId == userId && t.TradedAt >= from && t.TradedAt < to)
            .Select(t => new { t.Exchange, t.SymbolToken }).Distinct().ToListAsync(cancellationToken);
        var positions = (await db.Positions.AsNoTracking().Where(p => p.UserId == userId && p.OpenedAt < to && (p.ClosedAt == null || p.ClosedAt >= from))
            .ToListAsync(cancellationToken)).Where(p => p.ClosedAt is null || traded.Any(t => t.Exchange == p.Exchange && t.SymbolToken == p.SymbolToken)).ToList();
        var violations = await db.RiskViolations.AsNoTracking().Where(v => v.UserId == userId && v.OccurredAt >= from && v.OccurredAt < to)
            .OrderBy(v => v.OccurredAt).Take(200).ToListAsync(cancellationToken);
        var told = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId && n.InApp && n.DigestId == null && n.CreatedAt >= from && n.CreatedAt < to)
            .OrderBy(n => n.Id).Take(200).ToListAsync(cancellationToken);
        var moves = await db.CapitalChanges.AsNoTracking().Where(c => c.UserId == userId && c.TradingDay == day).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return new DayDetail(orders, positions, violations, told, moves);
    }

    /// <summary>Records money moved into (+) or out of (−) the trader's capital today; refused amounts change nothing.</summary>
    public async Task<string?> RecordCapitalChangeAsync(Guid userId, decimal amount, string? note, CancellationToken cancellationToken = default)
    {
        if (amount == 0 || Math.Abs(amount) > 100_00_00_000m) return "Enter an amount from ₹1 to ₹100 crore, negative for a withdrawal.";
        if (decimal.Round(amount, 2) != amount) return "Amounts are in rupees and paise (two decimals at most).";
        var today = IndianTime.Today(time);
        if (!IsTradingDay(today)) return "Today is not a trading day: record it on the next one.";
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.CapitalChanges.Add(new CapitalChange
            {
                UserId = userId, TradingDay = today, Amount = amount, Note = note?.Trim().Truncated(200), CreatedAt = time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(cancellationToken);
        }
        await RefreshAsync(userId, cancellationToken);
        return null;
    }

    /// <summary>The day's capital moves: those the trader recorded and the paper account's pay-ins and pay-outs.</summary>
    private static async Task<(decimal Deposits, decimal Withdrawals)> CapitalMovesAsync(TradingDbContext db, Guid userId, DateOnly day, CancellationToken cancellationToken)
    {
        var (from, to) = (IndianTime.StartOfDayUtc(day), IndianTime.EndOfDayUtc(day));
        // Summed in memory: SQLite cannot sum decimals.
        var recorded = await db.CapitalChanges.AsNoTracking().Where(c => c.UserId == userId && c.TradingDay == day).Select(c => c.Amount).ToListAsync(cancellationToken);
        var paper = await db.PaperFundTransfers.AsNoTracking().Where(t => t.UserId == userId && t.At >= from && t.At < to)
            .Select(t => new { t.Kind, t.Amount }).ToListAsync(cancellationToken);
        return (recorded.Where(a => a > 0).Sum() + paper.Where(t => t.Kind == FundTransferKind.Payin).Sum(t => t.Amount),
            -recorded.Where(a => a < 0).Sum() + paper.Where(t => t.Kind == FundTransferKind.Payout).Sum(t => t.Amount));
    }

    /// <summary>The day before's closing capital, or (a first day) the trader's trading capital.</summary>
    private static async Task<decimal> OpeningCapitalAsync(TradingDbContext db, Guid userId, DateOnly day, CancellationToken cancellationToken)
    {
        var before = await db.TradingSessions.AsNoTracking().Where(s => s.UserId == userId && s.TradingDay < day).OrderByDescending(s => s.TradingDay)
            .Select(s => s.ClosingCapital).FirstOrDefaultAsync(cancellationToken);
        return before ?? await db.Users.Where(u => u.Id == userId).Select(u => u.TradingCapital).FirstAsync(cancellationToken);
    }
}
