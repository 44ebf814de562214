using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;

namespace Trading.Web.Features.Broker.AngelOne;

/// <summary>
/// The market feed signs in with one connected Angel One account: the one named by
/// <c>MarketData:FeedBrokerAccountId</c>, else the most recently verified one.
/// </summary>
public sealed class ConnectedAccountFeedCredentials(
    IDbContextFactory<TradingDbContext> dbFactory, AngelOneSessions sessions, IConfiguration configuration, ILogger<ConnectedAccountFeedCredentials> logger)
    : IAngelOneFeedCredentialsProvider
{
    public async Task<AngelOneFeedCredentials?> GetAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Guid? accountId = Guid.TryParse(configuration["MarketData:FeedBrokerAccountId"], out var configured) ? configured
            : await db.BrokerAccounts.Where(a => a.Broker == BrokerKind.AngelOne && a.Status == BrokerAccountStatus.Connected)
                .OrderByDescending(a => a.LastVerifiedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken);
        if (accountId is null) return null;
        try
        {
            var session = await sessions.GetSessionAsync(accountId.Value, cancellationToken);
            return new AngelOneFeedCredentials(session.Credentials.ApiKey, session.Credentials.ClientCode, session.Credentials.JwtToken ?? "", session.FeedToken);
        }
        catch (BrokerException ex)
        {
            logger.LogWarning("The market feed's Angel One account cannot sign in: {Message}", ex.Message);
            return null;
        }
    }
}
