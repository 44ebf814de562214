using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;

namespace Trading.Web.Features.Security.Sessions;

/// <summary>One signed-in browser: what the trader sees on their sessions page, and what every request is checked against.</summary>
public sealed record UserSession(string Id, Guid UserId, string? UserAgent, string? IpAddress, DateTime StartedAt, DateTime LastSeenAt);

/// <summary>Where sessions live: Redis (every instance sees the same) when configured, this process's memory otherwise.</summary>
public interface IUserSessionStore
{
    /// <summary>Writes the session (new, or seen again), kept <paramref name="lifetime"/> from now.</summary>
    Task SaveAsync(UserSession session, TimeSpan lifetime);
    Task<UserSession?> GetAsync(string sessionId);
    Task<IReadOnlyList<UserSession>> ListAsync(Guid userId);
    /// <summary>Removes the user's sessions that <paramref name="end"/> picks; returns the ids removed.</summary>
    Task<IReadOnlyList<string>> RemoveAsync(Guid userId, Func<UserSession, bool> end);
}

public sealed class MemoryUserSessionStore(TimeProvider time) : IUserSessionStore
{
    private readonly ConcurrentDictionary<string, (UserSession Session, DateTimeOffset Until)> _sessions = new();

    public Task SaveAsync(UserSession session, TimeSpan lifetime)
    {
        _sessions[session.Id] = (session, time.GetUtcNow() + lifetime);
        return Task.CompletedTask;
    }

    public Task<UserSession?> GetAsync(string sessionId) => Task.FromResult(
        _sessions.TryGetValue(sessionId, out var entry) && entry.Until > time.GetUtcNow() ? entry.Session : null);

    public Task<IReadOnlyList<UserSession>> ListAsync(Guid userId)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<UserSession> sessions = _sessions.Values.Where(e => e.Session.UserId == userId && e.Until > now).Select(e => e.Session).ToList();
        return Task.FromResult(sessions);
    }

    public Task<IReadOnlyList<string>> RemoveAsync(Guid userId, Func<UserSession, bool> end)
    {
        var removed = _sessions.Values.Where(e => e.Session.UserId == userId && end(e.Session)).Select(e => e.Session.Id)
            .Where(id => _sessions.TryRemove(id, out _)).ToList();
        return Task.FromResult<IReadOnlyList<string>>(removed);
    }
}

/// <summary>
/// <c>trading:session:{id}</c> (a hash: user, agent, address, started, seen) expiring with the session, and
/// <c>trading:user-sessions:{user}</c> (the set of a user's session ids).
/// </summary>
public sealed class RedisUserSessionStore(IConnectionMultiplexer redis) : IUserSessionStore
{
    private static RedisKey SessionKey(string id) => "trading:session:" + id;
    private static RedisKey UserKey(Guid userId) => $"trading:user-sessions:{userId:N}";

    public async Task SaveAsync(UserSession s, TimeSpan lifetime)
    {
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var writes = new List<Task>
        {
            batch.HashSetAsync(SessionKey(s.Id), [
                new("user", s.UserId.ToString("N")), new("ua", s.UserAgent ?? ""), new("ip", s.IpAddress ?? ""),
                new("started", s.StartedAt.Ticks), new("seen", s.LastSeenAt.Ticks)]),
            batch.KeyExpireAsync(SessionKey(s.Id), lifetime),
            batch.SetAddAsync(UserKey(s.UserId), s.Id),
            batch.KeyExpireAsync(UserKey(s.UserId), lifetime), // the session seen last lives longest
        };
        batch.Execute();
        await Task.WhenAll(writes);
    }

    public async Task<UserSession?> GetAsync(string sessionId)
    {
        var fields = await redis.GetDatabase().HashGetAllAsync(SessionKey(sessionId));
        return Read(sessionId, fields);
    }

    public async Task<IReadOnlyList<UserSession>> ListAsync(Guid userId)
    {
        var db = redis.GetDatabase();
        var ids = (await db.SetMembersAsync(UserKey(userId))).Select(v => v.ToString()).ToList();
        var sessions = new List<UserSession>();
        foreach (var id in ids)
        {
            if (Read(id, await db.HashGetAllAsync(SessionKey(id))) is { } session && session.UserId == userId) sessions.Add(session);
            else await db.SetRemoveAsync(UserKey(userId), id); // expired meanwhile
        }
        return sessions;
    }

    public async Task<IReadOnlyList<string>> RemoveAsync(Guid userId, Func<UserSession, bool> end)
    {
        var db = redis.GetDatabase();
        var removed = new List<string>();
        foreach (var session in await ListAsync(userId))
        {
            if (!end(session)) continue;
            await db.KeyDeleteAsync(SessionKey(session.Id));
            await db.SetRemoveAsync(UserKey(userId), session.Id);
            removed.Add(session.Id);
        }
        return removed;
    }

    private static UserSession? Read(string id, HashEntry[] fields)
    {
        if (fields.Length == 0) return null;
        var values = fields.ToDictionary(f => f.Name.ToString(), f => f.Value);
        if (!Guid.TryParseExact(values.GetValueOrDefault("user").ToString(), "N", out var userId)) return null;
        return new UserSession(id, userId, NullIfEmpty(values.GetValueOrDefault("ua")), NullIfEmpty(values.GetValueOrDefault("ip")),
            Ticks(values.GetValueOrDefault("started")), Ticks(values.GetValueOrDefault("seen")));
    }

    private static string? NullIfEmpty(RedisValue value) => value.IsNullOrEmpty ? null : value.ToString();

    private static DateTime Ticks(RedisValue value) =>
        long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? new DateTime(ticks, DateTimeKind.Utc) : DateTime.MinValue;
}
