using Microsoft.Extensions.Options;

namespace Trading.Web.Infrastructure.Jobs;

/// <summary>A job's name (its <c>Jobs:&lt;name&gt;</c> section) and the schedule its feature gives it.</summary>
public interface IJobDefinition
{
    static abstract string JobName { get; }
    static abstract JobSchedule DefaultSchedule { get; }
}

/// <summary>What every recurring job needs from the host: schedules, the clock, logging and (for single-instance jobs) leases.</summary>
public sealed class RecurringJobServices(IOptionsMonitor<JobSchedule> schedules, TimeProvider time, ILoggerFactory loggers, IJobLeases? leases = null)
{
    public IOptionsMonitor<JobSchedule> Schedules { get; } = schedules;
    public TimeProvider Time { get; } = time;
    public ILoggerFactory Loggers { get; } = loggers;
    public IJobLeases? Leases { get; } = leases;
}

/// <summary>
/// The one shape of background work: runs <see cref="RunAsync"/> when its <see cref="JobSchedule"/> says, catches and
/// logs whatever a run throws and tries again later (backing off while it keeps failing), honours cancellation, and
/// never stops the host. A single-instance job runs only on the instance holding its lease.
/// </summary>
public abstract class RecurringJob(string name, RecurringJobServices services) : BackgroundService
{
    private TimeSpan? _nextRunIn;

    protected ILogger Logger { get; } = services.Loggers.CreateLogger("Trading.Jobs." + name);
    protected TimeProvider Time => services.Time;

    public string Name => name;

    /// <summary>How many runs ended well and how many failed since start (for tests and the health page).</summary>
    public int Succeeded { get; private set; }
    public int Failed { get; private set; }
    public DateTimeOffset? LastSucceededAt { get; private set; }

    /// <summary>One run. Throwing is fine: the failure is logged and the job tries again after its retry delay.</summary>
    protected abstract Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Called by a run to be due again sooner or later than its schedule says (e.g. a feed waiting for an account).</summary>
    protected void RunAgainIn(TimeSpan delay) => _nextRunIn = delay;

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // never hold up the host's start-up
        var schedule = services.Schedules.Get(name);
        if (!schedule.Enabled)
        {
            Logger.LogInformation("Job {Job} is disabled ({Section}:{Job}:Enabled)", name, JobSchedule.Section, name);
            return;
        }
        IJobLease? lease = null;
        if (schedule.SingleInstance)
        {
            lease = services.Leases?.For(name) ?? throw new InvalidOperationException($"Job {name} runs on one instance only, but no job leases are registered.");
        }
        try
        {
            var next = schedule.FirstRun(Time.GetUtcNow());
            var failures = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = next - Time.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, Time, stoppingToken);
                try
                {
                    if (lease is null || await lease.HoldAsync(stoppingToken))
                    {
                        _nextRunIn = null;
                        await RunAsync(stoppingToken);
                        Succeeded++;
                        LastSucceededAt = Time.GetUtcNow();
                        if (failures > 0) Logger.LogInformation("Job {Job} ran again after {Failures} failures", name, failures);
                    }
                    else
                    {
                        Logger.LogDebug("Job {Job} runs on another instance", name);
                    }
                    failures = 0;
                    var after = _nextRunIn is { } sooner ? Time.GetUtcNow() + sooner : schedule.NextRun(Time.GetUtcNow());
                    if (after is null) return; // a run-once job that has run
                    next = after.Value;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    Failed++;
                    failures++;
                    var delay = schedule.RetryDelay(failures);
                    // The whole exception once; while the same trouble lasts, one line per try.
                    if (failures == 1) Logger.LogWarning(ex, "Job {Job} failed ({Failures} in a row); trying again in {Delay}", name, failures, delay);
                    else Logger.LogWarning("Job {Job} failed ({Failures} in a row); trying again in {Delay}: {Message}", name, failures, delay, ex.Message);
                    next = Time.GetUtcNow() + delay;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (lease is not null)
            {
                try
                {
                    await lease.DisposeAsync();
                }
                catch (Exception ex)
                {
                    Logger.LogDebug(ex, "Job {Job}'s lease could not be given up cleanly", name);
                }
            }
        }
    }
}
