using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Trading.Web.Features.Broker.AngelOne;

/// <summary>
/// Client-side limits per client code and endpoint group (SMARTAPI.md §9), so the app waits its turn instead of
/// collecting 403 "exceeding access rate" replies. Windows slide, as the server's do.
/// </summary>
public sealed class AngelOneRateLimits
{
    public sealed record Limit(int PerSecond, int? PerMinute = null, int? PerHour = null);

    public static readonly IReadOnlyDictionary<string, Limit> Groups = new Dictionary<string, Limit>
    {
        ["login"] = new(1),
        ["tokens"] = new(1, null, 1000),
        ["profile"] = new(3, null, 1000),
        ["logout"] = new(1),
        ["rms"] = new(2),
        ["orders"] = new(9, 500, 1000),
        ["books"] = new(1),
        ["quotes"] = new(10, 500, 5000),
        ["margin"] = new(10, 500, 5000),
        ["convert"] = new(10, 500, 5000),
        ["candles"] = new(3, 180, 5000),
    };

    private readonly ConcurrentDictionary<(string ClientCode, string Group), RateLimiter[]> _limiters = new();

    /// <summary>Waits for a slot; throws <see cref="BrokerException"/> (RateLimited) when the wait would exceed <paramref name="maxWait"/>.</summary>
    public async Task WaitAsync(string clientCode, string group, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var limiters = _limiters.GetOrAdd((clientCode, group), key => Create(Groups[key.Group]));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(maxWait);
        foreach (var limiter in limiters)
        {
            RateLimitLease lease;
            try
            {
                lease = await limiter.AcquireAsync(1, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new BrokerException(BrokerErrorKind.RateLimited, null, "Too many requests to Angel One right now; please wait a moment.");
            }
            using (lease)
            {
                if (!lease.IsAcquired)
                {
                    throw new BrokerException(BrokerErrorKind.RateLimited, null, "Too many requests to Angel One right now; please wait a moment.");
                }
            }
        }
    }

    private static RateLimiter[] Create(Limit limit)
    {
        var list = new List<RateLimiter> { Window(limit.PerSecond, TimeSpan.FromSeconds(1), 10) };
        if (limit.PerMinute is { } perMinute) list.Add(Window(perMinute, TimeSpan.FromMinutes(1), 6));
        if (limit.PerHour is { } perHour) list.Add(Window(perHour, TimeSpan.FromHours(1), 6));
        return [.. list];
    }

    private static SlidingWindowRateLimiter Window(int permits, TimeSpan window, int segments) => new(new SlidingWindowRateLimiterOptions
    {
        PermitLimit = permits,
        Window = window,
        SegmentsPerWindow = segments,
        QueueLimit = 1_000,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });
}
