using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Sessions;

public static class SessionsServiceCollectionExtensions
{
    /// <summary>Trading-day history: the roll-up service, its job, the /sessions page and its CSV.</summary>
    public static IHostApplicationBuilder AddSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section);
        builder.Services.AddSingleton<TradingSessions>();
        builder.AddRecurringJob<TradingSessionsJob>();
        return builder;
    }
}
