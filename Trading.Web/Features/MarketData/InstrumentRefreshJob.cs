using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.MarketData;

/// <summary>Refreshes the instrument master from the broker once a day before the session (08:30 IST), on one instance.</summary>
public sealed class InstrumentRefreshJob(InstrumentMasterRefresh refresh, RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition
{
    public static string JobName => "InstrumentRefresh";

    public static JobSchedule DefaultSchedule => new()
    {
        DailyAtIst = new TimeOnly(8, 30), SingleInstance = true, RetryAfter = TimeSpan.FromMinutes(1), MaxRetryAfter = TimeSpan.FromMinutes(30),
    };

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        if (await refresh.RefreshFromBrokerAsync(cancellationToken) is { Error: { } problem }) throw new InvalidOperationException(problem);
    }
}
