using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Trading.Web.Features.Broker.AngelOne;

/// <summary>What a SmartAPI call needs to identify the trader. <see cref="JwtToken"/> is null only for sign-in.</summary>
public sealed record AngelOneCredentials(string ClientCode, string ApiKey, string? JwtToken)
{
    public override string ToString() => $"AngelOneCredentials {{ ClientCode = {ClientCode} }}";
}

public sealed record AngelOneTokens(string JwtToken, string RefreshToken, string FeedToken)
{
    public override string ToString() => "AngelOneTokens { *** }";
}

/// <summary>The data of a successful reply plus the reply verbatim (for the audit trail).</summary>
public sealed record AngelOneReply(JsonElement Data, string Raw);

/// <summary>
/// SmartAPI over HTTP (typed HttpClient). Sends the documented headers, accepts both reply envelopes, the plain-text
/// 403 rate-limit reply and numbers as strings, waits for the client-side rate limits, gives up after the SDK's
/// 7 s, and retries reads only: a place/modify/cancel is never sent twice.
/// </summary>
public sealed class AngelOneClient(HttpClient http, IOptions<AngelOneOptions> options, AngelOneRateLimits limits, ILogger<AngelOneClient> logger)
{
    private static readonly TimeSpan[] ReadRetryDelays = [TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(900)];

    public async Task<AngelOneTokens> LoginAsync(string clientCode, string apiKey, string pin, string totp, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(HttpMethod.Post, "/rest/auth/angelbroking/user/v1/loginByPassword",
            new { clientcode = clientCode, password = pin, totp }, new AngelOneCredentials(clientCode, apiKey, null), "login", isRead: false, cancellationToken);
        return Tokens(reply);
    }

    public async Task<AngelOneTokens> RefreshAsync(AngelOneCredentials credentials, string refreshToken, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(HttpMethod.Post, "/rest/auth/angelbroking/jwt/v1/generateTokens",
            new { refreshToken }, credentials, "tokens", isRead: false, cancellationToken);
        return Tokens(reply);
    }

    public Task<AngelOneReply> GetAsync(string path, string group, AngelOneCredentials credentials, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, credentials, group, isRead: true, cancellationToken);

    /// <summary>A POST that only reads (quotes, candles, search): safe to retry.</summary>
    public Task<AngelOneReply> QueryAsync(string path, object body, string group, AngelOneCredentials credentials, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, credentials, group, isRead: true, cancellationToken);

    /// <summary>A POST that changes something at the broker (orders, logout): sent once, never retried.</summary>
    public Task<AngelOneReply> CommandAsync(string path, object body, string group, AngelOneCredentials credentials, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, credentials, group, isRead: false, cancellationToken);

    private async Task<AngelOneReply> SendAsync(HttpMethod method, string path, object? body, AngelOneCredentials credentials, string group,
        bool isRead, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(method, path, body, credentials, group, cancellationToken);
            }
            catch (BrokerException ex) when (isRead && attempt < ReadRetryDelays.Length
                && ex.Kind is BrokerErrorKind.Timeout or BrokerErrorKind.Unavailable or BrokerErrorKind.RateLimited)
            {
                logger.LogInformation("Angel One {Path} failed ({Kind}); retrying", path, ex.Kind);
                await Task.Delay(ReadRetryDelays[attempt], cancellationToken);
            }
        }
    }

    private async Task<AngelOneReply> SendOnceAsync(HttpMethod method, string path, object? body, AngelOneCredentials credentials, string group,
        CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        await limits.WaitAsync(credentials.ClientCode, group, timeout, cancellationToken);

        using var request = new HttpRequestMessage(method, options.Value.RestBaseUrl.TrimEnd('/') + path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Add("X-UserType", "USER");
        request.Headers.Add("X-SourceID", "WEB");
        request.Headers.Add("X-ClientLocalIP", options.Value.ClientLocalIp);
        request.Headers.Add("X-ClientPublicIP", options.Value.ClientPublicIp);
        request.Headers.Add("X-MACAddress", options.Value.MacAddress);
        request.Headers.Add("X-PrivateKey", credentials.ApiKey);
        if (credentials.JwtToken is { Length: > 0 } jwt)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt.StartsWith("Bearer ", StringComparison.Ordinal) ? jwt[7..] : jwt);
        }
        // Every request says it is JSON, a GET too, as smartapi-python's requests do (HttpClient keeps Content-Type on content).
        request.Content = body is not null
            ? new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json")
            : new ByteArrayContent([]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        HttpResponseMessage response;
        string text;
        try
        {
            response = await http.SendAsync(request, timeoutSource.Token);
            text = await response.Content.ReadAsStringAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BrokerException(BrokerErrorKind.Timeout, null, $"Angel One did not answer within {timeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException ex)
        {
            throw new BrokerException(BrokerErrorKind.Unavailable, null, "Angel One could not be reached. Check the connection and try again.", inner: ex);
        }

        using (response)
        {
            return Interpret(response.StatusCode, text);
        }
    }

    internal static AngelOneReply Interpret(HttpStatusCode status, string text)
    {
        if (status is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests
            && text.Contains("exceeding access rate", StringComparison.OrdinalIgnoreCase) || status == HttpStatusCode.TooManyRequests)
        {
            throw new BrokerException(BrokerErrorKind.RateLimited, null, "Angel One says too many requests; please wait a moment and try again.", text);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
        }
        catch (JsonException)
        {
            var kind = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? BrokerErrorKind.Authentication : BrokerErrorKind.Unavailable;
            throw new BrokerException(kind, null, $"Angel One answered HTTP {(int)status} with an unreadable reply.", text);
        }
        using (document)
        {
            var root = document.RootElement;
            // Two envelopes: {"status":true,"errorcode":...} and the gateway's {"success":false,"errorCode":...}.
            var ok = root.ValueKind == JsonValueKind.Object
                && (root.TryGetProperty("status", out var s) && (s.ValueKind == JsonValueKind.True || s.ValueKind == JsonValueKind.String && s.GetString() == "true")
                    || root.TryGetProperty("success", out var t) && t.ValueKind == JsonValueKind.True);
            var code = root.Str("errorcode") ?? root.Str("errorCode");
            if (ok && (int)status < 400)
            {
                var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
                return new AngelOneReply(data, text);
            }
            var message = root.Str("message");
            if (string.IsNullOrEmpty(code) && status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new BrokerException(BrokerErrorKind.Authentication, null, "Angel One refused the session. Reconnect your account.", text);
            }
            throw AngelOneErrors.ToException(string.IsNullOrEmpty(code) ? null : code, message, text);
        }
    }

    private static AngelOneTokens Tokens(AngelOneReply reply)
    {
        var jwt = reply.Data.Str("jwtToken");
        var refresh = reply.Data.Str("refreshToken");
        var feed = reply.Data.Str("feedToken");
        if (string.IsNullOrEmpty(jwt) || string.IsNullOrEmpty(refresh))
        {
            throw new BrokerException(BrokerErrorKind.Unavailable, null, "Angel One's sign-in reply had no session tokens.");
        }
        return new AngelOneTokens(jwt.StartsWith("Bearer ", StringComparison.Ordinal) ? jwt[7..] : jwt, refresh, feed ?? "");
    }
}
