using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trading.Data.Entities;

namespace Trading.Web.Features.MarketData;

/// <summary>
/// Reports a stale feed: disconnected, or connected and subscribed while no tick arrived for a minute during market
/// hours (a quiet market outside hours is not stale).
/// </summary>
public sealed class MarketFeedHealthCheck(IMarketFeed feed, FeedSubscriptions subscriptions, MarketCalendar calendar, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (feed is NoMarketFeed)
        {
            return Task.FromResult(HealthCheckResult.Healthy("This instance runs no market feed (MarketData:Feed=None)."));
        }
        var subscribed = subscriptions.Subscribed;
        if (!feed.IsConnected)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"{feed.Name} feed is not connected."));
        }
        var marketOpen = subscribed.Any(i => calendar.IsOpen(i.Exchange)) || calendar.IsOpen(Exchange.NSE);
        var silentFor = feed.LastTickAt is { } last ? time.GetUtcNow().UtcDateTime - last : (TimeSpan?)null;
        if (subscribed.Count > 0 && marketOpen && (silentFor is null || silentFor > StaleAfter))
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus,
                $"{feed.Name} feed: no tick for {(silentFor is null ? "ever" : $"{silentFor.Value.TotalSeconds:0} s")} while {subscribed.Count} instruments are subscribed."));
        }
        return Task.FromResult(HealthCheckResult.Healthy($"{feed.Name} feed, {subscribed.Count} instruments subscribed."));
    }
}
