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
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private ClientWebSocket? _socket;
    private DateTime? _lastTickAt;
    private DateTime _lastMessageAt;
    private int _connections;

    public string Name => "Angel One";
    public bool IsConnected => _socket?.State == WebSocketState.Open;
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
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", login.JwtToken);
        socket.Options.SetRequestHeader("x-api-key", login.ApiKey);
        socket.Options.SetRequestHeader("x-client-code", login.ClientCode);
        socket.Options.SetRequestHeader("x-feed-token", login.FeedToken);
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // the protocol has its own text ping
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        connectTimeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds + 3));
        await socket.ConnectAsync(new Uri(options.Value.MarketFeedUrl), connectTimeout.Token);
        _socket = socket;
        Interlocked.Increment(ref _connections);
        _lastMessageAt = time.GetUtcNow().UtcDateTime;
        logger.LogInformation("Angel One feed connected; subscribing {Count} instruments", _wanted.Count);
        if (!_wanted.IsEmpty) await SendSubscriptionAsync(1, _wanted.Keys.ToList(), stoppingToken);

        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = HeartbeatAsync(socket, connection.Token);
        try
        {
            await ReceiveAsync(socket, connection.Token);
        }
        finally
        {
            await connection.CancelAsync();
            _socket = null;
            try { await heartbeat; } catch (OperationCanceledException) { }
        }
    }

    private async Task HeartbeatAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            await Task.Delay(PingInterval, time, cancellationToken);
            if (time.GetUtcNow().UtcDateTime - _lastMessageAt > SilenceLimit)
            {
                logger.LogWarning("Angel One feed silent for {Limit}; dropping the connection", SilenceLimit);
                socket.Abort();
                return;
            }
            await SendTextAsync(socket, "ping", cancellationToken);
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            message.SetLength(0);
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new WebSocketException($"server closed the connection ({result.CloseStatus} {result.CloseStatusDescription})");
                }
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            _lastMessageAt = time.GetUtcNow().UtcDateTime;
            var bytes = message.GetBuffer().AsSpan(0, (int)message.Length);
            if (result.MessageType == WebSocketMessageType.Binary)
            {
                HandleBinary(bytes);
            }
            else
            {
                HandleText(Encoding.UTF8.GetString(bytes));
            }
        }
        throw new WebSocketException("connection closed");
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
        if (text.Equals("pong", StringComparison.OrdinalIgnoreCase)) return;
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
            await SendTextAsync(socket, JsonSerializer.Serialize(request), cancellationToken);
        }
    }

    private async Task SendTextAsync(ClientWebSocket socket, string text, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
