using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Notifications;
using Trading.Web.Infrastructure;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Health;

/// <summary>A component as the health page shows it now.</summary>
public sealed record ComponentStatus(string Component, HealthState State, string? Detail, DateTime Since, DateTime CheckedAt);

/// <summary>
/// Runs the app's health checks (database, Redis, market feed, broker sessions) on a schedule and records each
/// component's changes of state in <c>health_events</c>; admins are told of each change once (not on every check). While
/// the database is down the changes wait in memory and are written, and told, when it is back. A check that throws
/// counts as unhealthy; the monitor itself never throws.
/// </summary>
public sealed class HealthMonitor(HealthCheckService checks, IDbContextFactory<TradingDbContext> dbFactory, NotificationService notifications, TimeProvider time,
    ILogger<HealthMonitor> logger)
{
    private const int MaxWaiting = 500;
    private readonly object _gate = new();
    private readonly Dictionary<string, ComponentStatus> _current = [];
    private readonly List<(ComponentHealth Health, DateTime At, HealthState? Was)> _waiting = [];
    private Dictionary<string, HealthState>? _recorded;

    public IReadOnlyList<ComponentStatus> Current
    {
        get { lock (_gate) return _current.Values.OrderBy(c => c.Component).ToList(); }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        List<ComponentHealth> observed;
        try
        {
            var report = await checks.CheckHealthAsync(cancellationToken);
            observed = report.Entries.Select(e => new ComponentHealth(e.Key, HealthChanges.Of(e.Value.Status),
                (e.Value.Description ?? e.Value.Exception?.Message).Truncated(500))).ToList();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The health checks could not run");
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        _recorded ??= await RecordedAsync(cancellationToken);
        lock (_gate)
        {
            foreach (var health in observed)
            {
                var since = _current.TryGetValue(health.Component, out var before) && before.State == health.State ? before.Since : now;
                _current[health.Component] = new ComponentStatus(health.Component, health.State, health.Detail, since, now);
                HealthState? was = null;
                var pending = _waiting.FindLastIndex(w => w.Health.Component == health.Component);
                if (pending >= 0) was = _waiting[pending].Health.State;
                else if (_recorded is not null && _recorded.TryGetValue(health.Component, out var stored)) was = stored;
                if (!HealthChanges.Records(was, health.State)) continue;
                if (_waiting.Count >= MaxWaiting) _waiting.RemoveAt(0);
                _waiting.Add((health, now, was));
            }
        }
        await WriteWaitingAsync(cancellationToken);
    }

    /// <summary>The last recorded state of each component, or null while the database cannot say.</summary>
    private async Task<Dictionary<string, HealthState>?> RecordedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var last = await db.HealthEvents.AsNoTracking().GroupBy(e => e.Component).Select(g => g.OrderByDescending(e => e.Id).First()).ToListAsync(cancellationToken);
            return last.ToDictionary(e => e.Component, e => e.State);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Health history not readable yet: {Reason}", ex.Message);
            return null;
        }
    }

    private async Task WriteWaitingAsync(CancellationToken cancellationToken)
    {
        List<(ComponentHealth Health, DateTime At, HealthState? Was)> batch;
        lock (_gate) batch = [.. _waiting];
        if (batch.Count == 0) return;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            foreach (var (health, at, was) in batch)
            {
                // Another instance may have recorded the same change already: then it told the admins too.
                var stored = await db.HealthEvents.AsNoTracking().Where(e => e.Component == health.Component).OrderByDescending(e => e.Id)
                    .Select(e => (HealthState?)e.State).FirstOrDefaultAsync(cancellationToken);
                if (stored == health.State) continue;
                db.HealthEvents.Add(new HealthEvent { Component = health.Component, State = health.State, Detail = health.Detail, At = at, Instance = Environment.MachineName });
                if (HealthChanges.Notifies(stored ?? was, health.State))
                {
                    var when = IndianTime.Format(at, "dd MMM HH:mm:ss");
                    await notifications.NotifyAdminsAsync(db, HealthChanges.KindOf(health.Component),
                        health.State == HealthState.Healthy ? NotificationSeverity.Success : health.State == HealthState.Degraded ? NotificationSeverity.Warning : NotificationSeverity.Error,
                        HealthChanges.Title(health.Component, stored ?? was, health.State), $"{when} IST: {health.Detail ?? health.State.ToString()}", "/admin/health",
                        cancellationToken);
                }
                await db.SaveChangesAsync(cancellationToken);
            }
            lock (_gate)
            {
                _waiting.RemoveRange(0, Math.Min(batch.Count, _waiting.Count));
                _recorded ??= [];
                foreach (var (health, _, _) in batch) _recorded[health.Component] = health.State;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The database is down (that is what is being recorded, perhaps): the changes wait for it.
            logger.LogWarning("Health changes wait for the database ({Count}): {Reason}", batch.Count, ex.Message);
        }
    }

    /// <summary>The recorded changes, newest first.</summary>
    public async Task<IReadOnlyList<HealthEvent>> HistoryAsync(int take = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.HealthEvents.AsNoTracking().OrderByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);
    }
}

public sealed class HealthMonitorJob(HealthMonitor monitor, RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition
{
    public static string JobName => "HealthMonitor";

    // Every instance checks (a database outage can take the single-instance lease with it); recording dedupes.
    public static JobSchedule DefaultSchedule => new() { Every = TimeSpan.FromSeconds(30), FirstRunAfter = TimeSpan.FromSeconds(10) };

    protected override Task RunAsync(CancellationToken cancellationToken) => monitor.RunAsync(cancellationToken);
}
