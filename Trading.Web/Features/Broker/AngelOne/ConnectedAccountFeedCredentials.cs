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
    private Guid? _accountId;

    public async Task<AngelOneFeedCredentials?> GetAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Guid? accountId = Guid.TryParse(configuration["MarketData:FeedBrokerAccountId"], out var configured) ? configured
            : await db.BrokerAccounts.Where(a => a.Broker == BrokerKind.AngelOne && a.Status == BrokerAccountStatus.Connected)
                .OrderByDescending(a => a.LastVerifiedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken);
        if (accountId is null) return null;
        _accountId = accountId;
        try
        {
            return Feed(await sessions.GetSessionAsync(accountId.Value, cancellationToken));
        }
        catch (BrokerException ex)
        {
            logger.LogWarning("The market feed's Angel One account cannot sign in: {Message}", ex.Message);
            return null;
        }
    }

    public async Task<(AngelOneFeedCredentials? Renewed, string? Problem)> RecoverAsync(AngelOneFeedCredentials refused, CancellationToken cancellationToken)
    {
        if (_accountId is not { } accountId) return (null, "No Angel One account is connected for live prices.");
        try
        {
            return (Feed(await sessions.RecoverAsync(accountId, cancellationToken)), null);
        }
        catch (BrokerException ex)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var label = await db.BrokerAccounts.Where(a => a.Id == accountId).Select(a => a.Label).FirstOrDefaultAsync(cancellationToken) ?? "Angel One";
            logger.LogWarning("Angel One refused the market feed's session and it could not be renewed: {Message}", ex.Message);
            return (null, $"Live prices stopped: Angel One ended the session of {label}. Reconnect it on the Broker page. ({ex.Message})");
        }
    }

    private static AngelOneFeedCredentials Feed(AngelOneSession session) =>
        new(session.Credentials.ApiKey, session.Credentials.ClientCode, session.Credentials.JwtToken ?? "", session.FeedToken);
}
