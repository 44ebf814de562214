namespace Trading.Web.Features.MarketData;

/// <summary>Last traded prices: a Redis hash when Redis is configured (shared by instances), memory otherwise.</summary>
public interface ILtpCache
{
    Task SetAsync(Tick tick, CancellationToken cancellationToken = default);
    Task<LtpSnapshot?> GetAsync(InstrumentKey instrument, CancellationToken cancellationToken = default);
    Task<IReadOnlyDictionary<InstrumentKey, LtpSnapshot>> GetManyAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken = default);
}
