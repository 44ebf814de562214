using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>The health monitor (its job and the admin health page) and the broker-sessions check.</summary>
    public static IHostApplicationBuilder AddHealthMonitor(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<BrokerSessionsHealthCheck>("broker-sessions", HealthStatus.Degraded);
        builder.Services.AddSingleton<HealthMonitor>();
        builder.AddRecurringJob<HealthMonitorJob>();
        return builder;
    }
}
