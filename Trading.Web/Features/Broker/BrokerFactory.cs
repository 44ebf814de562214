using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker.AngelOne;
using Trading.Web.Features.Broker.Paper;
using Trading.Web.Features.MarketData;

namespace Trading.Web.Features.Broker;

/// <summary>The <see cref="IBroker"/> of a broker account.</summary>
public sealed class BrokerFactory(
    IDbContextFactory<TradingDbContext> dbFactory,
    ILtpCache prices,
    PaperFillEngine paperEngine,
    AngelOneClient angelOne,
    AngelOneSessions sessions,
    TimeProvider time)
{
    public async Task<IBroker> ForAccountAsync(Guid brokerAccountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await db.BrokerAccounts.AsNoTracking().Where(a => a.Id == brokerAccountId)
            .Select(a => new { a.Id, a.UserId, a.Broker }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new BrokerException(BrokerErrorKind.Rejected, null, "That broker account no longer exists.");
        return account.Broker == BrokerKind.Paper
            ? new PaperBroker(account.Id, account.UserId, dbFactory, prices, paperEngine, time)
            : new AngelOneBroker(account.Id, angelOne, sessions, time);
    }
}
