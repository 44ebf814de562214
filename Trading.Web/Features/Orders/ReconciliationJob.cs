using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Orders;

/// <summary>Reconciles working orders and open positions with the brokers, on one instance, shortly after start-up and then every minute.</summary>
public sealed class ReconciliationJob(OrderReconciler reconciler, RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition
{
    public static string JobName => "Reconciliation";

    public static JobSchedule DefaultSchedule => new() { Every = TimeSpan.FromMinutes(1), FirstRunAfter = TimeSpan.FromSeconds(5), SingleInstance = true };

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var result = await reconciler.ReconcileAsync(cancellationToken);
        if (result.OrdersChanged > 0) Logger.LogInformation("Reconciliation fixed {Changed} of {Checked} orders and positions", result.OrdersChanged, result.OrdersChecked);
        foreach (var problem in result.Problems) Logger.LogInformation("Reconciliation skipped: {Problem}", problem);
    }
}
