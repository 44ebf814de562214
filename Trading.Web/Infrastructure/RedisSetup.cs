using StackExchange.Redis;

namespace Trading.Web.Infrastructure;

public static class RedisSetup
{
    /// <summary>Whether <c>ConnectionStrings:Redis</c> is set: features then use Redis for their shared state and pub/sub.</summary>
    public static bool UsesRedis(this IHostApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Redis"));

    /// <summary>Registers one shared <see cref="IConnectionMultiplexer"/> when <c>ConnectionStrings:Redis</c> is set.</summary>
    public static bool AddRedisIfConfigured(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }
        var options = ConfigurationOptions.Parse(connectionString);
        // Start even when Redis is down; the multiplexer keeps reconnecting and /health reports it.
        options.AbortOnConnectFail = false;
        options.ClientName ??= "trading-web";
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        return true;
    }
}
