using System.Collections.Concurrent;

namespace Trading.Web.Features.MarketData;

public sealed class MemoryLtpCache : ILtpCache
{
    private readonly ConcurrentDictionary<InstrumentKey, LtpSnapshot> _prices = new();

    public Task SetAsync(Tick tick, CancellationToken cancellationToken = default)
    {
        _prices.AddOrUpdate(tick.Instrument,
            _ => new LtpSnapshot(tick.LastPrice, tick.PreviousClose, tick.ExchangeTime),
            (_, old) => new LtpSnapshot(tick.LastPrice, tick.PreviousClose ?? old.PreviousClose, tick.ExchangeTime));
        return Task.CompletedTask;
    }

    public Task<LtpSnapshot?> GetAsync(InstrumentKey instrument, CancellationToken cancellationToken = default) =>
        Task.FromResult(_prices.TryGetValue(instrument, out var s) ? s : null);

    public Task<IReadOnlyDictionary<InstrumentKey, LtpSnapshot>> GetManyAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<InstrumentKey, LtpSnapshot>();
        foreach (var key in instruments)
        {
            if (_prices.TryGetValue(key, out var s)) found[key] = s;
        }
        return Task.FromResult<IReadOnlyDictionary<InstrumentKey, LtpSnapshot>>(found);
    }
}
