using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Broker.Paper;

namespace Trading.Web.Features.Orders;

/// <summary>Paper fills arrive from the feed: every change of a paper order is applied to the app's order at once.</summary>
public sealed class PaperOrderSync(PaperFillEngine engine, BrokerFactory brokers, IDbContextFactory<TradingDbContext> dbFactory, OrderStatusApplier applier)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        engine.OrderChanged += OnPaperOrderChangedAsync;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        engine.OrderChanged -= OnPaperOrderChangedAsync;
        return Task.CompletedTask;
    }

    private async Task OnPaperOrderChangedAsync(PaperOrder paper)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var orderId = await db.Orders.Where(o => o.BrokerAccountId == paper.BrokerAccountId && o.BrokerOrderId == paper.BrokerOrderId)
            .Select(o => (Guid?)o.Id).FirstOrDefaultAsync();
        if (orderId is null) return; // the pipeline reads the state back itself once it has recorded the broker order id
        var broker = await brokers.ForAccountAsync(paper.BrokerAccountId);
        if (await broker.GetOrderAsync(paper.BrokerOrderId, null) is { } state)
        {
            await applier.ApplyBrokerStateAsync(orderId.Value, state, "Paper broker update.");
        }
    }
}
