using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Web.Features.Broker;

namespace Trading.Web.Features.Orders;

/// <summary>
/// Orders' one listener on the brokers' door: finds the local order an update is about (by account and broker order
/// id) and applies the broker's state to it. An update can beat the pipeline's own record of the placement (a fill
/// right after the order was accepted); then it is looked at again shortly, and reconciliation remains the safety net.
/// </summary>
public sealed class BrokerOrderUpdateSubscriber(
    IBrokerOrderUpdates updates, IDbContextFactory<TradingDbContext> dbFactory, OrderStatusApplier applier, BracketLegImporter legs,
    ILogger<BrokerOrderUpdateSubscriber> logger)
    : IHostedService
{
    private static readonly TimeSpan[] Retries = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];
    private readonly CancellationTokenSource _stopping = new();
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = updates.Subscribe(OnUpdateAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    private async Task OnUpdateAsync(BrokerOrderUpdate update)
    {
        if (!await TryApplyAsync(update, _stopping.Token))
        {
            _ = RetryAsync(update, _stopping.Token);
        }
    }

    private async Task<bool> TryApplyAsync(BrokerOrderUpdate update, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var orderId = await db.Orders.Where(o => o.BrokerAccountId == update.BrokerAccountId && o.BrokerOrderId == update.Order.BrokerOrderId)
            .Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
        if (orderId is null)
        {
            // A bracket leg the broker created is imported with the state it has.
            return await legs.ImportAsync(update.BrokerAccountId, update.Order, update.Message, cancellationToken) is not null;
        }
        await applier.ApplyBrokerStateAsync(orderId.Value, update.Order, update.Message, cancellationToken);
        return true;
    }

    private async Task RetryAsync(BrokerOrderUpdate update, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var delay in Retries)
            {
                await Task.Delay(delay, cancellationToken);
                if (await TryApplyAsync(update, cancellationToken)) return;
            }
            // Placed outside the app, or the placement is still unrecorded: reconciliation settles it.
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not apply the broker's update of order {BrokerOrderId}", update.Order.BrokerOrderId);
        }
    }
}
