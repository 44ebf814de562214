using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Trading.Web.Features.MarketData;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Broker.AngelOne;

/// <summary>
/// Angel One's market-data WebSocket 2.0 (smart-stream): signs in with headers, subscribes in Quote mode, parses
/// binary ticks into the pipeline, pings every 10 s and treats 30 s of silence as a dead connection. Each run of the
/// job is one connection: a lost connection is opened again a second later (subscribing again to everything it
/// streamed), a failing connect backs off (<c>Jobs:AngelOneMarketFeed</c>).
/// </summary>
public sealed class AngelOneMarketFeed(
    IAngelOneFeedCredentialsProvider credentials,
    MarketDataPipeline pipeline,
    IOptions<AngelOneOptions> options,
    RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition, IMarketFeed
{
    public const int MaxTokensPerMessage = 500;
    private static readonly TimeSpan WaitForAccount = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<InstrumentKey, byte> _wanted = new();
    private SmartSocket? _socket;
    private DateTime? _lastTickAt;
    private int _connections;
    private bool _waitingForAccount;

    public static string JobName => "AngelOneMarketFeed";

    public static JobSchedule DefaultSchedule => new() { Every = TimeSpan.FromSeconds(1), RetryAfter = TimeSpan.FromSeconds(1), MaxRetryAfter = TimeSpan.FromSeconds(30) };

    string IMarketFeed.Name => "Angel One";
    public bool IsConnected => _socket?.IsOpen == true;
    public DateTime? LastTickAt => _lastTickAt;
    /// <summary>How many times a connection was opened (tests watch reconnects with it).</summary>
    public int Connections => _connections;
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan SilenceLimit { get; set; } = TimeSpan.FromSeconds(30);

    public async Task SubscribeAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken = default)
    {
        var added = instruments.Where(i => _wanted.TryAdd(i, 0)).ToList();
        if (added.Count > 0 && IsConnected) await SendSubscriptionAsync(1, added, cancellationToken);
    }

    public async Task UnsubscribeAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken = default)
    {
        var removed = instruments.Where(i => _wanted.TryRemove(i, out _)).ToList();
        if (removed.Count > 0 && IsConnected) await SendSubscriptionAsync(0, removed, cancellationToken);
    }

    public string? Problem { get; private set; }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var login = await credentials.GetAsync(stoppingToken);
        if (login is null)
        {
            if (!_waitingForAccount) Logger.LogInformation("Angel One feed waits for a connected Angel One account");
            _waitingForAccount = true;
            RunAgainIn(WaitForAccount);
            return;
        }
        _waitingForAccount = false;
        try
        {
            await RunConnectionAsync(login, stoppingToken);
        }
        catch (SmartSocketRefusedException refused)
        {
            // A dead token stays dead: sign in again (or say the account needs the trader) rather than retry it for ever.
            Logger.LogWarning("Angel One refused the feed's token (HTTP {Status}); signing in again", (int)refused.Status);
            var (renewed, problem) = await credentials.RecoverAsync(login, stoppingToken);
            Problem = problem;
            if (renewed is null)
            {
                RunAgainIn(WaitForAccount);
                return;
            }
            await RunConnectionAsync(renewed, stoppingToken);
        }
    }

    private async Task RunConnectionAsync(AngelOneFeedCredentials login, CancellationToken stoppingToken)
    {
        var headers = new Dictionary<string, string>
        {
            ["Authorization"] = login.JwtToken,
            ["x-api-key"] = login.ApiKey,
            ["x-client-code"] = login.ClientCode,
            ["x-feed-token"] = login.FeedToken,
        };
        // A failed connect throws: the job backs off before the next one.
        using var socket = await SmartSocket.ConnectAsync(new Uri(options.Value.MarketFeedUrl), headers,
            TimeSpan.FromSeconds(options.Value.TimeoutSeconds + 3), Time, stoppingToken);
        _socket = socket;
        Problem = null;
        Interlocked.Increment(ref _connections);
        try
        {
            Logger.LogInformation("Angel One feed connected; subscribing {Count} instruments", _wanted.Count);
            if (!_wanted.IsEmpty) await SendSubscriptionAsync(1, _wanted.Keys.ToList(), stoppingToken);
            await socket.ReceiveAsync(HandleAsync, PingInterval, SilenceLimit, stoppingToken);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException || ex is OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            // It was connected: open it again right away rather than after a backoff.
            Logger.LogWarning("Angel One feed connection lost ({Message}); reconnecting", ex.Message);
        }
        finally
        {
            _socket = null;
        }
    }

    private Task HandleAsync(WebSocketMessageType type, ReadOnlyMemory<byte> message)
    {
        if (type == WebSocketMessageType.Binary) HandleBinary(message.Span);
        else HandleText(Encoding.UTF8.GetString(message.Span));
        return Task.CompletedTask;
    }

    internal void HandleBinary(ReadOnlySpan<byte> packet)
    {
        if (!SmartStreamPacket.TryParse(packet, out var raw) || SmartStreamPacket.ToExchange(raw.ExchangeType) is not { } exchange)
        {
            Logger.LogDebug("Ignored a binary frame of {Length} bytes", packet.Length);
            return;
        }
        var divisor = SmartStreamPacket.Divisor(raw.ExchangeType);
        var at = raw.ExchangeTimestampMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(raw.ExchangeTimestampMs).UtcDateTime : Time.GetUtcNow().UtcDateTime;
        var tick = raw.HasQuote
            ? new Tick(new InstrumentKey(exchange, raw.Token), raw.LastPrice / divisor, at, raw.LastTradedQuantity, raw.Volume,
                raw.Open / divisor, raw.High / divisor, raw.Low / divisor, raw.Close > 0 ? raw.Close / divisor : null)
            : new Tick(new InstrumentKey(exchange, raw.Token), raw.LastPrice / divisor, at);
        _lastTickAt = Time.GetUtcNow().UtcDateTime;
        pipeline.TryWrite(tick);
    }

    private void HandleText(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.TryGetProperty("errorCode", out var code))
            {
                var message = json.RootElement.TryGetProperty("errorMessage", out var m) ? m.GetString() : "";
                Logger.LogWarning("Angel One feed error {Code}: {Message}", code.GetString(), message);
            }
        }
        catch (JsonException)
        {
            Logger.LogDebug("Ignored a text frame from the feed");
        }
    }

    private async Task SendSubscriptionAsync(int action, IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken)
    {
        var socket = _socket;
        if (socket is null) return;
        foreach (var chunk in instruments.Chunk(MaxTokensPerMessage))
        {
            var request = new
            {
                correlationID = Guid.NewGuid().ToString("N")[..10],
                action,
                @params = new
                {
                    mode = (int)SmartStreamPacket.ModeQuote,
                    tokenList = chunk.GroupBy(i => i.Exchange)
                        .Select(g => new { exchangeType = (int)SmartStreamPacket.ToExchangeType(g.Key), tokens = g.Select(i => i.Token).ToArray() })
                        .ToArray(),
                },
            };
            await socket.SendTextAsync(JsonSerializer.Serialize(request), cancellationToken);
        }
    }
}
