using Trading.Web.Features.Security.Sessions;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>Rate limits on the account endpoints (per address and per account) and the lockout count for unknown emails.</summary>
    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        services.AddSingleton<AccountRateLimits>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>((limiter, limits) => AccountRateLimits.Configure(limiter, limits.Value));
        if (builder.UsesRedis()) services.AddSingleton<IUnknownAccountLockout, RedisUnknownAccountLockout>();
        else services.AddSingleton<IUnknownAccountLockout, MemoryUnknownAccountLockout>();

        services.AddOptions<UserSessionOptions>().BindConfiguration(UserSessionOptions.Section);
        if (builder.UsesRedis()) services.AddSingleton<IUserSessionStore, RedisUserSessionStore>();
        else services.AddSingleton<IUserSessionStore, MemoryUserSessionStore>();
        services.AddSingleton<UserSessions>();
        services.AddSingleton<UserAccess>();
        services.AddScoped<SessionCookieEvents>();
        return builder;
    }
}
