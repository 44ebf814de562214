using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Trading.Web.Features.MarketData;

namespace Trading.Web.Features.Broker.AngelOne;

/// <summary>
/// Angel One's market-data WebSocket 2.0 (smart-stream): signs in with headers, subscribes in Quote mode, parses
/// binary ticks into the pipeline, pings every 10 s, treats 30 s of silence as a dead connection, and reconnects
/// with backoff, subscribing again to everything it streamed before.
/// </summary>
public sealed class AngelOneMarketFeed(
    IAngelOneFeedCredentialsProvider credentials,
    MarketDataPipeline pipeline,
    IOptions<AngelOneOptions> options,
    TimeProvider time,
    ILogger<AngelOneMarketFeed> logger) : BackgroundService, IMarketFeed
{
    public const int MaxTokensPerMessage = 500;
    private readonly ConcurrentDictionary<InstrumentKey, byte> _wanted = new();
    private SmartSocket? _socket;
    private DateTime? _lastTickAt;
    private int _connections;

    public string Name => "Angel One";
    public bool IsConnected => _socket?.IsOpen == true;
    public DateTime? LastTickAt => _lastTickAt;
    /// <summary>How many times a connection was opened (tests watch reconnects with it).</summary>
    public int Connections => _connections;
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan SilenceLimit { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var login = await credentials.GetAsync(stoppingToken);
                if (login is null)
                {
                    logger.LogInformation("Angel One feed waits for a connected Angel One account");
                    await Task.Delay(TimeSpan.FromSeconds(15), time, stoppingToken);
                    continue;
                }
                await RunConnectionAsync(login, stoppingToken);
                backoff = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or TimeoutException or OperationCanceledException)
            {
                logger.LogWarning("Angel One feed connection lost ({Message}); reconnecting in {Backoff}", ex.Message, backoff);
            }
            await Task.Delay(backoff, time, stoppingToken);
            backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
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
        using var socket = await SmartSocket.ConnectAsync(new Uri(options.Value.MarketFeedUrl), headers,
            TimeSpan.FromSeconds(options.Value.TimeoutSeconds + 3), time, stoppingToken);
        _socket = socket;
        Interlocked.Increment(ref _connections);
        try
        {
            logger.LogInformation("Angel One feed connected; subscribing {Count} instruments", _wanted.Count);
            if (!_wanted.IsEmpty) await SendSubscriptionAsync(1, _wanted.Keys.ToList(), stoppingToken);
            await socket.ReceiveAsync(HandleAsync, PingInterval, SilenceLimit, stoppingToken);
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
            logger.LogDebug("Ignored a binary frame of {Length} bytes", packet.Length);
            return;
        }
        var divisor = SmartStreamPacket.Divisor(raw.ExchangeType);
        var at = raw.ExchangeTimestampMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(raw.ExchangeTimestampMs).UtcDateTime : time.GetUtcNow().UtcDateTime;
        var tick = raw.HasQuote
            ? new Tick(new InstrumentKey(exchange, raw.Token), raw.LastPrice / divisor, at, raw.LastTradedQuantity, raw.Volume,
                raw.Open / divisor, raw.High / divisor, raw.Low / divisor, raw.Close > 0 ? raw.Close / divisor : null)
            : new Tick(new InstrumentKey(exchange, raw.Token), raw.LastPrice / divisor, at);
        _lastTickAt = time.GetUtcNow().UtcDateTime;
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
                logger.LogWarning("Angel One feed error {Code}: {Message}", code.GetString(), message);
            }
        }
        catch (JsonException)
        {
            logger.LogDebug("Ignored a text frame from the feed");
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
