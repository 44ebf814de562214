namespace Trading.Web.Features.Broker.AngelOne;

/// <summary>What the market-data WebSocket needs to sign in. Secrets: never log or render.</summary>
public sealed record AngelOneFeedCredentials(string ApiKey, string ClientCode, string JwtToken, string FeedToken)
{
    public override string ToString() => $"AngelOneFeedCredentials {{ ClientCode = {ClientCode} }}";
}

/// <summary>Supplies the market feed with a live Angel One session (from a connected broker account).</summary>
public interface IAngelOneFeedCredentialsProvider
{
    Task<AngelOneFeedCredentials?> GetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The broker refused <paramref name="refused"/> (its session was ended: the daily logout, a sign-in elsewhere): a
    /// fresh session when one can be had without the trader, else null with the reason (the account is then marked
    /// "reconnect needed" and its trader told).
    /// </summary>
    Task<(AngelOneFeedCredentials? Renewed, string? Problem)> RecoverAsync(AngelOneFeedCredentials refused, CancellationToken cancellationToken);
}
