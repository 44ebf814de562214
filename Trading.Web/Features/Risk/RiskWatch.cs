using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Infrastructure;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Risk;

/// <summary>
/// Post-trade rules: every trader with one is looked at on each run (every 2 s, so within a tick or two of a price move)
/// and after every change of their positions. A breach takes its action once a day per rule: the violation row is the
/// record, so a restart does not fire it again. A halted trader's late fills are squared off here too.
/// </summary>
public sealed class RiskWatch(IDbContextFactory<TradingDbContext> dbFactory, RiskBookCache cache, RiskEnforcement enforcement, KillSwitch killSwitch, RiskStates states,
    ILogger<RiskWatch> logger)
{
    private readonly ConcurrentDictionary<(Guid Rule, DateOnly Day), byte> _fired = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = await db.RiskRules.AsNoTracking().Where(r => r.Enabled && r.Timing != RiskTiming.PreTrade).Select(r => r.UserId).Distinct().ToListAsync(cancellationToken);
        foreach (var user in users) await CheckAsync(user, cancellationToken);
    }

    public async Task CheckAsync(Guid userId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var risk = await cache.GetAsync(userId, cancellationToken);
            if (risk.State == TradingState.Halted)
            {
                if (risk.Positions.Any(p => p.ClosedAt == null && p.NetQuantity != 0)) await killSwitch.SquareOffLateFillsAsync(userId, cancellationToken);
                return;
            }
            var book = await cache.BookAsync(risk, cancellationToken);
            if (book.DayPeakPnl > risk.StoredPeak + 1m)
            {
                await states.StorePeakAsync(userId, risk.Day, book.DayPeakPnl, cancellationToken);
                risk.StoredPeak = book.DayPeakPnl;
            }
            var pending = risk.Rules.Where(r => !_fired.ContainsKey((r.Id, risk.Day))).ToList();
            if (RiskRuleEvaluator.PostTrade(pending, book) is not { } breach) return;
            if (!_fired.TryAdd((breach.Rule.Id, risk.Day), 0)) return;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var since = IndianTime.StartOfDayUtc(risk.Day);
                if (await db.RiskViolations.AnyAsync(v => v.RiskRuleId == breach.Rule.Id && v.Timing == RiskTiming.PostTrade && v.OccurredAt >= since, cancellationToken))
                    return; // fired before a restart
            }
            logger.LogWarning("Risk rule {Kind} breached for {UserId}: {Message}", breach.Rule.Kind, userId, breach.Message);
            await enforcement.EnforceAsync(userId, breach, RiskTiming.PostTrade, null, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}

public sealed class RiskWatchJob(RiskWatch watch, RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition
{
    public static string JobName => "RiskWatch";

    public static JobSchedule DefaultSchedule => new() { Every = TimeSpan.FromSeconds(2), FirstRunAfter = TimeSpan.FromSeconds(5), SingleInstance = true };

    protected override Task RunAsync(CancellationToken cancellationToken) => watch.RunAsync(cancellationToken);
}
