using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Trading.Tests.Support;

/// <summary>
/// A local stand-in for Angel One's smart-stream WebSocket: records handshake headers and text messages per
/// connection, answers "ping" with "pong" (unless told to stay silent), and sends whatever binary frames a test hands it.
/// </summary>
public sealed class FakeSmartStream : IAsyncDisposable
{
    public sealed class Connection
    {
        public required IReadOnlyDictionary<string, string> Headers { get; init; }
        public ConcurrentQueue<string> Received { get; } = new();
        internal WebSocket Socket { get; init; } = null!;
        internal TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Silent { get; set; }
    }

    private readonly WebApplication _app;
    public ConcurrentQueue<Connection> Connections { get; } = new();
    public string Url { get; }
    /// <summary>Handshakes whose Authorization carries one of these are refused with 401, as Angel One does a dead session's token.</summary>
    public ConcurrentDictionary<string, byte> RefusedTokens { get; } = new();
    public int Refusals { get; private set; }
    /// <summary>Connections with this index (0-based) stay silent: no pong, no ticks.</summary>
    public HashSet<int> SilentConnections { get; } = [];

    private FakeSmartStream(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public static async Task<FakeSmartStream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        FakeSmartStream? fake = null;
        RequestDelegate handler = async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }
            var authorization = context.Request.Headers.Authorization.ToString();
            if (fake!.RefusedTokens.Keys.Any(t => authorization.Contains(t, StringComparison.Ordinal)))
            {
                fake.Refusals++;
                context.Response.StatusCode = 401; // Angel One: invalid token
                return;
            }
            var socket = await context.WebSockets.AcceptWebSocketAsync();
            var connection = new Connection
            {
                Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                Socket = socket,
                Silent = fake!.SilentConnections.Contains(fake.Connections.Count),
            };
            fake.Connections.Enqueue(connection);
            var buffer = new byte[64 * 1024];
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (result.MessageType == WebSocketMessageType.Close) break;
                    var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
                    connection.Received.Enqueue(text);
                    if (text == "ping" && !connection.Silent)
                    {
                        await socket.SendAsync(Encoding.UTF8.GetBytes("pong"), WebSocketMessageType.Text, true, context.RequestAborted);
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
            connection.Closed.TrySetResult();
        };
        app.Map("/smart-stream", handler);
        app.Map("/smart-order-update", handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new FakeSmartStream(app, address.Replace("http://", "ws://") + "/smart-stream");
        return fake;
    }

    public Connection Latest => Connections.Last();

    public string OrderUpdatesUrl => Url.Replace("/smart-stream", "/smart-order-update");

    public static Task SendTextAsync(Connection connection, string text) =>
        connection.Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public static Task SendAsync(Connection connection, byte[] frame) =>
        connection.Socket.SendAsync(frame, WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>Drops the connection without a close handshake, as a failing server or network does.</summary>
    public static void Drop(Connection connection)
    {
        try
        {
            connection.Socket.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The client went first and the request is over: the connection is already dropped.
        }
    }

    public Task<Connection> WaitForConnectionAsync(int count, TimeSpan timeout) =>
        Eventually.GetAsync(() => Connections.Count >= count ? Connections.ElementAt(count - 1) : null, $"connection {count} (saw {Connections.Count})", timeout);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
