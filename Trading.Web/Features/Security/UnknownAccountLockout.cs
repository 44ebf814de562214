using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Trading.Web.Features.Security;

/// <summary>
/// Failed sign-ins for emails that have no account, counted like Identity counts them for real accounts, so that an
/// address reads as locked after the same number of failures whether it exists or not: no lockout answer that only
/// real accounts get. Redis when configured (shared by every instance), memory otherwise.
/// </summary>
public interface IUnknownAccountLockout
{
    /// <summary>How much longer the address reads as locked; null when it does not.</summary>
    Task<TimeSpan?> LockedForAsync(string email);

    /// <summary>Counts a failure; returns the lockout when this one reached the limit.</summary>
    Task<TimeSpan?> FailAsync(string email);
}

public sealed class MemoryUnknownAccountLockout(IOptions<RateLimitOptions> options, TimeProvider time) : IUnknownAccountLockout
{
    private const int MaxTracked = 100_000;
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Until)> _byEmail = new();

    public Task<TimeSpan?> LockedForAsync(string email) => Task.FromResult(
        _byEmail.TryGetValue(Key(email), out var entry) ? Remaining(entry) : null);

    public Task<TimeSpan?> FailAsync(string email)
    {
        var now = time.GetUtcNow();
        if (_byEmail.Count > MaxTracked) Prune(now);
        var entry = _byEmail.AddOrUpdate(Key(email), _ => (1, now + options.Value.LockoutFor),
            (_, e) => e.Until <= now ? (1, now + options.Value.LockoutFor) : (e.Failures + 1, e.Until));
        return Task.FromResult(Remaining(entry));
    }

    private TimeSpan? Remaining((int Failures, DateTimeOffset Until) entry)
    {
        var left = entry.Until - time.GetUtcNow();
        return entry.Failures >= options.Value.FailedSignInsBeforeLockout && left > TimeSpan.Zero ? left : null;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _byEmail)
        {
            if (entry.Until <= now) _byEmail.TryRemove(key, out _);
        }
    }

    internal static string Key(string email) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant()))); // no addresses kept in the clear
}

/// <summary>
/// <c>trading:signin:unknown:{hash}</c>: INCR with the lockout window as its expiry. While Redis is unreachable this
/// instance counts in memory, so sign-in keeps working.
/// </summary>
public sealed class RedisUnknownAccountLockout(IConnectionMultiplexer redis, IOptions<RateLimitOptions> options, TimeProvider time,
    ILogger<RedisUnknownAccountLockout> logger) : IUnknownAccountLockout
{
    private readonly MemoryUnknownAccountLockout _fallback = new(options, time);

    public Task<TimeSpan?> LockedForAsync(string email) => WithFallbackAsync(async () =>
    {
        var db = redis.GetDatabase();
        var key = KeyFor(email);
        var failures = (int?)await db.StringGetAsync(key) ?? 0;
        return failures >= options.Value.FailedSignInsBeforeLockout ? await db.KeyTimeToLiveAsync(key) : null;
    }, () => _fallback.LockedForAsync(email));

    public Task<TimeSpan?> FailAsync(string email) => WithFallbackAsync(async () =>
    {
        var db = redis.GetDatabase();
        var key = KeyFor(email);
        var failures = await db.StringIncrementAsync(key);
        if (failures == 1) await db.KeyExpireAsync(key, options.Value.LockoutFor);
        return failures >= options.Value.FailedSignInsBeforeLockout ? await db.KeyTimeToLiveAsync(key) ?? options.Value.LockoutFor : null;
    }, () => _fallback.FailAsync(email));

    private async Task<TimeSpan?> WithFallbackAsync(Func<Task<TimeSpan?>> redisCall, Func<Task<TimeSpan?>> memoryCall)
    {
        try
        {
            return await redisCall();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis unreachable for sign-in failure counts ({Message}); counting on this instance", ex.Message);
            return await memoryCall();
        }
    }

    private static RedisKey KeyFor(string email) => "trading:signin:unknown:" + MemoryUnknownAccountLockout.Key(email);
}
