namespace Trading.Web.Features.MarketData;

/// <summary>
/// <c>MarketData:Feed=None</c>: this instance runs no feed. With Redis, prices still arrive from the instance that runs
/// one (run exactly one feed per deployment); tests use it to drive prices themselves.
/// </summary>
public sealed class NoMarketFeed : IMarketFeed
{
    public string Name => "No";
    public bool IsConnected => true;
    public DateTime? LastTickAt => null;
    public Task SubscribeAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken = default) => Task.CompletedTask;
    public Task UnsubscribeAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
