using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Sessions;

/// <summary>Every minute: today's rows of active traders refreshed, and days past their end closed (on start-up too: a missed end-of-day).</summary>
public sealed class TradingSessionsJob(TradingSessions sessions, RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition
{
    public static string JobName => "TradingSessions";

    public static JobSchedule DefaultSchedule => new() { Every = TimeSpan.FromMinutes(1), FirstRunAfter = TimeSpan.FromSeconds(15), SingleInstance = true };

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        await sessions.CloseDueAsync(cancellationToken);
        await sessions.RefreshActiveAsync(cancellationToken);
    }
}
