using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Live;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Risk;

/// <summary>Stores a trader's trading state for today (it survives restarts; the next trading day starts Active) and tells their pages.</summary>
public sealed class RiskStates(IDbContextFactory<TradingDbContext> dbFactory, RiskBookCache cache, ILiveEventPublisher live, TimeProvider time)
{
    public async Task<TraderRiskState?> TodayAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var state = await db.TraderRiskStates.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        return state is not null && state.Day == IndianTime.Today(time) && state.State != TradingState.Active ? state : null;
    }

    /// <summary>Stores today's peak P&amp;L (the drawdown's reference) without touching the state.</summary>
    public async Task StorePeakAsync(Guid userId, DateOnly day, decimal peak, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.TraderRiskStates.FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (row is null) db.TraderRiskStates.Add(row = new TraderRiskState { UserId = userId, Day = day, SetBy = "risk engine", Since = time.GetUtcNow().UtcDateTime });
        (row.PeakPnl, row.PeakDay) = (Math.Round(peak, 2), day);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // the state changed meanwhile: the next run stores the peak again
        }
    }

    /// <summary>Moves the trader to <paramref name="state"/> for today. A halt is never lowered to reduce-only by a rule.</summary>
    public async Task SetAsync(Guid userId, TradingState state, string reason, string by, Action<TraderRiskState>? more = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var today = IndianTime.Today(time);
        var row = await db.TraderRiskStates.FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (row is null) db.TraderRiskStates.Add(row = new TraderRiskState { UserId = userId });
        else if (row.Day == today && row.State == TradingState.Halted && state == TradingState.ReduceOnly) return;
        (row.State, row.Day, row.Reason, row.SetBy, row.Since) = (state, today, reason, by, time.GetUtcNow().UtcDateTime);
        if (state != TradingState.Halted) (row.KillSwitchAt, row.KillSwitchReport) = (null, null);
        more?.Invoke(row);
        await db.SaveChangesAsync(cancellationToken);
        cache.Forget(userId);
        await live.PublishAsync(new LiveEvent(userId, LiveTopics.Risk, null, time.GetUtcNow().UtcDateTime), cancellationToken);
    }
}
