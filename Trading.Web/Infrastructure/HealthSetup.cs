using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Trading.Data;

namespace Trading.Web.Infrastructure;

public static class HealthSetup
{
    public static void AddTradingHealthChecks(this IHostApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks().AddDbContextCheck<TradingDbContext>("database");
        if (builder.UsesRedis())
        {
            checks.AddCheck<RedisHealthCheck>("redis");
        }
    }

    private sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
                return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:F1} ms");
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("Redis is not reachable.");
            }
        }
    }
}
