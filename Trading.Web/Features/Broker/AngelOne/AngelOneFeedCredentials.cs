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
}
