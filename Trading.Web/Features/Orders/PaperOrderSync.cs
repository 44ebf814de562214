using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker.Paper;

namespace Trading.Web.Features.Orders;

/// <summary>
/// Paper fills arrive from the feed: every change of a paper order is applied to the app's order at once. A change
/// can beat the pipeline's own record of the placement (a tick right after the order was accepted); then it is
/// looked at again shortly, and reconciliation remains the safety net.
/// </summary>
public sealed class PaperOrderSync(PaperFillEngine engine, IDbContextFactory<TradingDbContext> dbFactory, OrderStatusApplier applier,
    ILogger<PaperOrderSync> logger) : IHostedService
{
    private static readonly TimeSpan[] Retries = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];
    private readonly CancellationTokenSource _stopping = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        engine.OrderChanged += OnPaperOrderChangedAsync;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        engine.OrderChanged -= OnPaperOrderChangedAsync;
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    private async Task OnPaperOrderChangedAsync(PaperOrder paper)
    {
        if (!await TryApplyAsync(paper, _stopping.Token))
        {
            _ = RetryAsync(paper, _stopping.Token);
        }
    }

    private async Task<bool> TryApplyAsync(PaperOrder paper, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var orderId = await db.Orders.Where(o => o.BrokerAccountId == paper.BrokerAccountId && o.BrokerOrderId == paper.BrokerOrderId)
            .Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
        if (orderId is null) return false;
        await applier.ApplyBrokerStateAsync(orderId.Value, PaperBroker.ToBrokerOrder(paper), "Paper broker update.", cancellationToken);
        return true;
    }

    private async Task RetryAsync(PaperOrder paper, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var delay in Retries)
            {
                await Task.Delay(delay, cancellationToken);
                if (await TryApplyAsync(paper, cancellationToken)) return;
            }
            // Placed straight at the paper broker, or the placement is still unrecorded: reconciliation settles it.
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not apply paper order {BrokerOrderId}'s change", paper.BrokerOrderId);
        }
    }
}
