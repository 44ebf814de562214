using System.Net.WebSockets;
using System.Text;

namespace Trading.Web.Features.Broker.AngelOne;

/// <summary>The server refused the handshake's credentials (401 invalid token, 403 expired): signing in again is the cure, not retrying.</summary>
public sealed class SmartSocketRefusedException(System.Net.HttpStatusCode status)
    : Exception($"The server refused the connection's credentials (HTTP {(int)status}).")
{
    public System.Net.HttpStatusCode Status { get; } = status;
}

/// <summary>
/// One connection to an Angel One WebSocket (market data or order status, SMARTAPI.md §6–7): signs in with headers,
/// sends the protocol's text "ping" every interval, treats a silence longer than the limit as a dead connection, and
/// hands every whole message (text or binary) to the caller. <see cref="ReceiveAsync"/> ends with a
/// <see cref="WebSocketException"/> when the connection is closed, dropped or silent.
/// </summary>
public sealed class SmartSocket : IDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private DateTime _lastMessageAt;

    private SmartSocket(ClientWebSocket socket, TimeProvider time)
    {
        _socket = socket;
        _time = time;
        _lastMessageAt = time.GetUtcNow().UtcDateTime;
    }

    public bool IsOpen => _socket.State == WebSocketState.Open;

    public static async Task<SmartSocket> ConnectAsync(Uri url, IReadOnlyDictionary<string, string> headers, TimeSpan timeout, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            foreach (var (name, value) in headers) socket.Options.SetRequestHeader(name, value);
            socket.Options.KeepAliveInterval = TimeSpan.Zero; // the protocol has its own text ping
            socket.Options.CollectHttpResponseDetails = true; // to tell a refused token (401/403) from a network failure
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connect.CancelAfter(timeout);
            await socket.ConnectAsync(url, connect.Token);
            return new SmartSocket(socket, time);
        }
        catch (WebSocketException) when (socket.HttpStatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw new SmartSocketRefusedException(status);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task SendTextAsync(string text, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (IsOpen) await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Receives until the connection ends, pinging every <paramref name="pingInterval"/>; a silence longer than
    /// <paramref name="silenceLimit"/> (when given) drops the connection. "pong" replies are not handed on.
    /// </summary>
    public async Task ReceiveAsync(Func<WebSocketMessageType, ReadOnlyMemory<byte>, Task> onMessage, TimeSpan pingInterval, TimeSpan? silenceLimit,
        CancellationToken cancellationToken)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = HeartbeatAsync(pingInterval, silenceLimit, connection.Token);
        try
        {
            var buffer = new byte[16 * 1024];
            using var message = new MemoryStream();
            while (true)
            {
                message.SetLength(0);
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, connection.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        throw new WebSocketException($"server closed the connection ({result.CloseStatus} {result.CloseStatusDescription})");
                    }
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                _lastMessageAt = _time.GetUtcNow().UtcDateTime;
                var bytes = message.GetBuffer().AsMemory(0, (int)message.Length);
                if (result.MessageType == WebSocketMessageType.Text && IsPong(bytes.Span)) continue;
                await onMessage(result.MessageType, bytes);
            }
        }
        finally
        {
            await connection.CancelAsync();
            try { await heartbeat; } catch (OperationCanceledException) { }
        }
    }

    private async Task HeartbeatAsync(TimeSpan pingInterval, TimeSpan? silenceLimit, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && IsOpen)
        {
            await Task.Delay(pingInterval, _time, cancellationToken);
            if (silenceLimit is { } limit && _time.GetUtcNow().UtcDateTime - _lastMessageAt > limit)
            {
                _socket.Abort(); // the receive loop ends with a WebSocketException
                return;
            }
            try
            {
                await SendTextAsync("ping", cancellationToken);
            }
            catch (WebSocketException)
            {
                return; // the receive loop sees the broken connection too
            }
        }
    }

    private static bool IsPong(ReadOnlySpan<byte> text) => text.Length == 4 && Ascii.EqualsIgnoreCase(text, "pong"u8);

    public void Dispose()
    {
        _socket.Dispose();
        _sendLock.Dispose();
    }
}
