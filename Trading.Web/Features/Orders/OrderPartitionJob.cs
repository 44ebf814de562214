using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Orders;

/// <summary>PostgreSQL only: creates the coming months' order partitions at start-up and every six hours, on one instance.</summary>
public sealed class OrderPartitionJob(OrderPartitionMaintenance partitions, RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition
{
    public static string JobName => "OrderPartitions";

    public static JobSchedule DefaultSchedule => new() { Every = TimeSpan.FromHours(6), SingleInstance = true };

    protected override Task RunAsync(CancellationToken cancellationToken) => partitions.EnsurePartitionsAsync(Time.GetUtcNow().UtcDateTime, cancellationToken);
}
