using System.Globalization;
using StackExchange.Redis;

namespace Trading.Web.Features.MarketData;

/// <summary>
/// One Redis hash, field "NSE:2885", value "ltp|previousClose|unixMs". Previous close is kept when a tick lacks it
/// (LTP-mode ticks) by a small Lua script, so the read-modify-write is atomic.
/// </summary>
public sealed class RedisLtpCache(IConnectionMultiplexer redis) : ILtpCache
{
    public static readonly RedisKey HashKey = "trading:ltp";

    private const string SetScript = """
        local value = ARGV[2]
        if ARGV[3] == '1' then
          local old = redis.call('HGET', KEYS[1], ARGV[1])
          if old then
            local close = string.match(old, '^[^|]*|([^|]*)|')
            value = string.gsub(value, '^([^|]*)||', '%1|' .. (close or '') .. '|')
          end
        end
        redis.call('HSET', KEYS[1], ARGV[1], value)
        return 1
        """;

    public async Task SetAsync(Tick tick, CancellationToken cancellationToken = default)
    {
        var value = Format(tick.LastPrice, tick.PreviousClose, tick.ExchangeTime);
        var keepClose = tick.PreviousClose is null ? "1" : "0";
        await redis.GetDatabase().ScriptEvaluateAsync(SetScript, [HashKey], [tick.Instrument.ToString(), value, keepClose]);
    }

    public async Task<LtpSnapshot?> GetAsync(InstrumentKey instrument, CancellationToken cancellationToken = default) =>
        Parse(await redis.GetDatabase().HashGetAsync(HashKey, instrument.ToString()));

    public async Task<IReadOnlyDictionary<InstrumentKey, LtpSnapshot>> GetManyAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<InstrumentKey, LtpSnapshot>();
        if (instruments.Count == 0) return found;
        var keys = instruments.ToArray();
        var values = await redis.GetDatabase().HashGetAsync(HashKey, keys.Select(k => (RedisValue)k.ToString()).ToArray());
        for (var i = 0; i < keys.Length; i++)
        {
            if (Parse(values[i]) is { } snapshot) found[keys[i]] = snapshot;
        }
        return found;
    }

    internal static string Format(decimal ltp, decimal? previousClose, DateTime at) =>
        string.Create(CultureInfo.InvariantCulture, $"{ltp}|{previousClose}|{new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeMilliseconds()}");

    internal static LtpSnapshot? Parse(RedisValue value)
    {
        if (value.IsNullOrEmpty) return null;
        var parts = value.ToString().Split('|');
        if (parts.Length != 3 || !decimal.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var ltp)) return null;
        decimal? close = decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var c) ? c : null;
        var at = long.TryParse(parts[2], out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime : DateTime.MinValue;
        return new LtpSnapshot(ltp, close, at);
    }
}
