using Trading.Web.Infrastructure;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Trading.Web.Features.Live;

namespace Trading.Web.Features.Security.Sessions;

/// <summary>
/// Server-side sign-in sessions: every sign-in starts one (its id travels in the auth cookie), every request and every
/// open page checks it, and ending it (sign-out, "end this session", suspension, a password change) makes that
/// browser's cookie worthless and tells its open pages at once (live topic <see cref="LiveTopics.Session"/>).
/// If the store is unreachable, sessions are kept on this instance and checks let the (signed) cookie through rather
/// than sign everyone out; suspension still holds through <see cref="UserAccess"/>.
/// </summary>
public sealed class UserSessions(IUserSessionStore store, ILiveEventPublisher live, IOptions<UserSessionOptions> options,
    TimeProvider time, ILogger<UserSessions> logger)
{
    /// <summary>The auth cookie's claim holding the session id.</summary>
    public const string ClaimType = "trading:session";

    private readonly ConcurrentDictionary<string, UserSession> _unsaved = new();
    private readonly ConcurrentDictionary<string, DateTime> _lastTouch = new();

    public async Task<UserSession> StartAsync(Guid userId, string? userAgent, string? ipAddress)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var session = new UserSession(WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24)), userId, userAgent.Truncated(300), ipAddress, now, now);
        try
        {
            await store.SaveAsync(session, options.Value.Lifetime);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            logger.LogWarning("Session store unreachable ({Message}); keeping a new session on this instance until it is back", ex.Message);
            _unsaved[session.Id] = session;
        }
        _lastTouch[session.Id] = now;
        return session;
    }

    /// <summary>Whether the session still exists and is the user's.</summary>
    public async Task<bool> IsActiveAsync(string sessionId, Guid userId)
    {
        try
        {
            var session = await store.GetAsync(sessionId);
            if (session is null && _unsaved.TryRemove(sessionId, out var pending))
            {
                await store.SaveAsync(pending, options.Value.Lifetime); // started while the store was down
                session = pending;
            }
            return session?.UserId == userId;
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            logger.LogWarning("Session store unreachable ({Message}); letting signed cookies through", ex.Message);
            return true;
        }
    }

    /// <summary>Records that the session was seen (at most once per <see cref="UserSessionOptions.TouchInterval"/>), extending it.</summary>
    public async Task TouchAsync(string sessionId, Guid userId, string? ipAddress)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_lastTouch.TryGetValue(sessionId, out var last) && now - last < options.Value.TouchInterval) return;
        _lastTouch[sessionId] = now;
        try
        {
            if (await store.GetAsync(sessionId) is { } session && session.UserId == userId)
            {
                await store.SaveAsync(session with { LastSeenAt = now, IpAddress = ipAddress ?? session.IpAddress }, options.Value.Lifetime);
            }
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            logger.LogDebug("Could not record a session as seen: {Message}", ex.Message);
        }
    }

    public async Task<IReadOnlyList<UserSession>> ListAsync(Guid userId) =>
        (await store.ListAsync(userId)).Concat(_unsaved.Values.Where(s => s.UserId == userId)).OrderByDescending(s => s.LastSeenAt).ToList();

    /// <summary>Ends one of the user's sessions (the user's own only). Returns whether there was one.</summary>
    public async Task<bool> EndAsync(Guid userId, string sessionId) => (await EndWhereAsync(userId, s => s.Id == sessionId)).Count > 0;

    /// <summary>Ends all the user's sessions, or all but <paramref name="except"/> (the browser that asked).</summary>
    public Task<IReadOnlyList<string>> EndAllAsync(Guid userId, string? except = null) => EndWhereAsync(userId, s => s.Id != except);

    private async Task<IReadOnlyList<string>> EndWhereAsync(Guid userId, Func<UserSession, bool> which)
    {
        var ended = (await store.RemoveAsync(userId, which)).ToList();
        foreach (var pending in _unsaved.Values.Where(s => s.UserId == userId && which(s)).ToList())
        {
            if (_unsaved.TryRemove(pending.Id, out _)) ended.Add(pending.Id);
        }
        foreach (var id in ended) _lastTouch.TryRemove(id, out _);
        if (ended.Count > 0)
        {
            // Every open page of the user hears it; the ones whose session ended sign out.
            await live.PublishAsync(new LiveEvent(userId, LiveTopics.Session, JsonSerializer.Serialize(ended), time.GetUtcNow().UtcDateTime));
        }
        return ended;
    }

    private static bool IsUnreachable(Exception ex) => ex is RedisException or TimeoutException;
}
