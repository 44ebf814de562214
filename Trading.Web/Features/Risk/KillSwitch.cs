using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Common;
using Trading.Web.Features.Live;
using Trading.Web.Features.Notifications;
using Trading.Web.Features.Orders;
using Trading.Web.Features.Positions;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Risk;

public sealed record KillSwitchReport(IReadOnlyList<string> Cancelled, IReadOnlyList<string> SquaredOff, int StrategiesPaused, IReadOnlyList<string> Problems)
{
    public string Describe() =>
        $"{Cancelled.Count} order{(Cancelled.Count == 1 ? "" : "s")} cancelled, {SquaredOff.Count} position{(SquaredOff.Count == 1 ? "" : "s")} squared off, " +
        $"{StrategiesPaused} strateg{(StrategiesPaused == 1 ? "y" : "ies")} paused" +
        (Problems.Count == 0 ? "." : $"; not done: {string.Join(" ", Problems)}") +
        (SquaredOff.Count == 0 ? "" : $" Squared off: {string.Join(" ", SquaredOff)}");
}

/// <summary>
/// The kill switch: halts the trader for the rest of the trading day first (so nothing new gets through), pauses every
/// strategy (they never resume by themselves), cancels every open order and squares off every position, on every
/// account; records who, when, why and what it did. A position that appears while halted is squared off too
/// (<see cref="SquareOffLateFillsAsync"/>). It lifts at the next trading day, or earlier by the trader once the book is
/// flat, or by an admin.
/// </summary>
public sealed class KillSwitch(
    IDbContextFactory<TradingDbContext> dbFactory,
    IServiceScopeFactory scopes,
    RiskStates states,
    IServiceProvider services,
    NotificationService notifications,
    ILiveEventPublisher live,
    TimeProvider time,
    ILogger<KillSwitch> logger)
{
    // Resolved when used: the order pipeline's checks include the risk check, which needs this.
    private OrderPipeline Pipeline => services.GetRequiredService<OrderPipeline>();

    // One square-off of a trader's book at a time on this instance: the risk watch squares off a halted trader's late
    // fills, and doing that while the kill switch is still at work would close the same position twice (and flip it).
    private readonly KeyedLock<Guid> _books = new();

    public async Task<KillSwitchReport> PullAsync(Guid userId, string by, string why, CancellationToken cancellationToken = default)
    {
        // Taken before the halt: from the halt on, the risk watch would see the book as late fills to square off.
        using var turn = await _books.LockAsync(userId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        await states.SetAsync(userId, TradingState.Halted, $"kill switch: {why}", by, s => s.KillSwitchAt = now, cancellationToken);
        var paused = await PauseStrategiesAsync(userId, $"Paused by the kill switch ({why}).", null, cancellationToken);

        var (cancelled, problems) = await CancelWorkingAsync(userId, cancellationToken);
        var outcomes = await SquareOffAllAsync(userId, cancellationToken);
        var squared = outcomes.Where(o => o.Succeeded).Select(o => o.Describe()).ToList();
        problems.AddRange(outcomes.Where(o => !o.Succeeded).Select(o => o.Describe()));
        var report = new KillSwitchReport(cancelled, squared, paused, problems);

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var state = await db.TraderRiskStates.FirstAsync(s => s.UserId == userId, cancellationToken);
            state.KillSwitchReport = report.Describe().Truncated(8000);
            await notifications.AddAsync(db, userId, NotificationKind.KillSwitch, NotificationSeverity.Error, "Kill switch: trading halted for today",
                $"{why}. {report.Describe()}".Truncated(2000)!, "/risk", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        logger.LogWarning("Kill switch for {UserId} by {By}: {Report}", userId, by, report.Describe());
        await live.PublishAsync(new LiveEvent(userId, LiveTopics.Risk, null, time.GetUtcNow().UtcDateTime), cancellationToken);
        return report;
    }

    /// <summary>Cancels every working order of the trader, on every account: what was cancelled, and what could not be.</summary>
    public async Task<(List<string> Cancelled, List<string> Problems)> CancelWorkingAsync(Guid userId, CancellationToken cancellationToken)
    {
        List<Order> working;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            working = await db.Orders.AsNoTracking().Where(o => o.UserId == userId && OrderStatuses.Working.Contains(o.Status)).ToListAsync(cancellationToken);
        }
        var (cancelled, problems) = (new List<string>(), new List<string>());
        foreach (var order in working)
        {
            if (await Pipeline.CancelAsync(userId, order.Id, cancellationToken) is { } refused) problems.Add($"{order.TradingSymbol} {order.Side} {order.Quantity}: {refused}");
            else cancelled.Add($"{order.Side} {order.Quantity} {order.TradingSymbol}");
        }
        return (cancelled, problems);
    }

    /// <summary>Every open position closed at the market by the risk engine (source Risk: never refused by a rule).</summary>
    public async Task<IReadOnlyList<SquareOffOutcome>> SquareOffAllAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PositionsService>().SquareOffAllAsync(userId, cancellationToken, source: OrderSource.Risk);
    }

    /// <summary>A halted trader's position that appeared after the kill switch (a late fill) is closed at once.</summary>
    public async Task SquareOffLateFillsAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        using var turn = await _books.LockAsync(userId, cancellationToken);
        var outcomes = await SquareOffAllAsync(userId, cancellationToken);
        if (outcomes.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await notifications.AddAsync(db, userId, NotificationKind.KillSwitch, NotificationSeverity.Warning, "A late fill was squared off",
            "Trading is halted for today: " + string.Join(" ", outcomes.Select(o => o.Describe())).Truncated(1500), "/risk", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Pauses the trader's running activations (all, or one), with a reason; they resume only by the trader.</summary>
    public async Task<int> PauseStrategiesAsync(Guid userId, string reason, Guid? activationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var running = await db.UserStrategies.Where(u => u.UserId == userId && u.Status == UserStrategyStatus.Active
                || u.UserId == userId && u.Status == UserStrategyStatus.Paused && u.PauseKind != StrategyPauseKind.Trader && u.PauseKind != StrategyPauseKind.Risk)
            .Where(u => activationId == null || u.Id == activationId).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var activation in running)
        {
            (activation.Status, activation.PauseKind, activation.StatusReason, activation.PausedAt) = (UserStrategyStatus.Paused, StrategyPauseKind.Risk, reason, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (running.Count > 0) await live.PublishAsync(new LiveEvent(userId, LiveTopics.Strategies, null, now), cancellationToken);
        return running.Count;
    }

    /// <summary>Lifts today's halt early: by the trader only once nothing is open, or by an admin. Strategies stay paused.</summary>
    public async Task<string?> LiftAsync(Guid userId, string by, bool byAdmin, CancellationToken cancellationToken = default)
    {
        if (await states.TodayAsync(userId, cancellationToken) is not { } state) return "Trading is not halted or reduce-only today.";
        if (!byAdmin)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await db.Positions.AnyAsync(p => p.UserId == userId && p.ClosedAt == null && p.NetQuantity != 0, cancellationToken))
                return "Square off every position first: the state lifts early only on a flat book.";
            if (await db.Orders.AnyAsync(o => o.UserId == userId && OrderStatuses.Working.Contains(o.Status), cancellationToken))
                return "Cancel every open order first: the state lifts early only on a flat book.";
        }
        await states.SetAsync(userId, TradingState.Active, $"lifted early ({state.State.ToString().ToLowerInvariant()} since {IndianTime.Format(state.Since, "HH:mm")})", by,
            cancellationToken: cancellationToken);
        return null;
    }
}
