namespace Trading.Web.Features.MarketData;

/// <summary>Spreads a processed tick to every instance's <see cref="TickHub"/> (Redis) or this one's (in-process).</summary>
public interface ITickPublisher
{
    Task PublishAsync(Tick tick, CancellationToken cancellationToken = default);
}

public sealed class InProcessTickPublisher(TickHub hub) : ITickPublisher
{
    public Task PublishAsync(Tick tick, CancellationToken cancellationToken = default) => hub.DispatchAsync(tick.Instrument, tick);
}
