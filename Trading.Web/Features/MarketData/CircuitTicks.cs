using Trading.Web.Features.Common;

namespace Trading.Web.Features.MarketData;

/// <summary>Tick subscriptions of one circuit; they end with the circuit at the latest.</summary>
public sealed class CircuitTicks(TickHub hub) : CircuitSubscriptions
{
    public IDisposable Subscribe(InstrumentKey instrument, Func<Tick, Task> handler) => Track(() => hub.Subscribe(instrument, handler));
}
