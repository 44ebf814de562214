using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Broker.AngelOne;

namespace Trading.Web.Features.Orders;

/// <summary>
/// Angel One's order-status WebSocket (SMARTAPI.md §7): one connection per connected Angel One account that has
/// working orders. Each message's orderData is applied to the matching local order at once; reconciliation still runs
/// every minute for anything a dropped connection missed.
/// </summary>
public sealed class AngelOneOrderUpdates(
    IDbContextFactory<TradingDbContext> dbFactory,
    AngelOneSessions sessions,
    OrderStatusApplier applier,
    IOptions<AngelOneOptions> options,
    TimeProvider time,
    ILogger<AngelOneOrderUpdates> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, Task> _connections = new();

    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnsureConnectionsAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not start Angel One order-status connections");
            }
            await Task.Delay(ScanInterval, time, stoppingToken);
        }
    }

    private CancellationToken _stopping;

    /// <summary>Opens a connection for every connected Angel One account with working orders that has none yet.</summary>
    public async Task<int> EnsureConnectionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var accounts = await (from a in db.BrokerAccounts
                              where a.Broker == BrokerKind.AngelOne && a.Status == BrokerAccountStatus.Connected
                              where db.Orders.Any(o => o.BrokerAccountId == a.Id && OrderStatuses.Working.Contains(o.Status))
                              select a.Id).ToListAsync(cancellationToken);
        var started = 0;
        foreach (var account in accounts)
        {
            if (_connections.TryGetValue(account, out var running) && !running.IsCompleted) continue;
            _connections[account] = RunAccountAsync(account, _stopping);
            started++;
        }
        return started;
    }

    private async Task RunAccountAsync(Guid accountId, CancellationToken stoppingToken)
    {
        try
        {
            var session = await sessions.GetSessionAsync(accountId, stoppingToken);
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", "Bearer " + session.Credentials.JwtToken);
            socket.Options.SetRequestHeader("x-api-key", session.Credentials.ApiKey);
            socket.Options.SetRequestHeader("x-client-code", session.Credentials.ClientCode);
            socket.Options.SetRequestHeader("x-feed-token", session.FeedToken);
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            connect.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds + 3));
            await socket.ConnectAsync(new Uri(options.Value.OrderFeedUrl), connect.Token);
            using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var pinging = PingAsync(socket, heartbeat.Token);
            var buffer = new byte[16 * 1024];
            using var message = new MemoryStream();
            while (socket.State == WebSocketState.Open && !stoppingToken.IsCancellationRequested)
            {
                message.SetLength(0);
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, stoppingToken);
                    if (result.MessageType == WebSocketMessageType.Close) break;
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close) break;
                await HandleAsync(accountId, Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length), stoppingToken);
            }
            await heartbeat.CancelAsync();
            try { await pinging; } catch (OperationCanceledException) { }
        }
        catch (Exception ex) when (ex is WebSocketException or BrokerException or IOException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Angel One order updates for account {AccountId} stopped ({Message}); the next scan reconnects", accountId, ex.Message);
        }
    }

    private async Task PingAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            await Task.Delay(TimeSpan.FromSeconds(10), time, cancellationToken);
            await socket.SendAsync(Encoding.UTF8.GetBytes("ping"), WebSocketMessageType.Text, true, cancellationToken);
        }
    }

    /// <summary>Applies one order-status message; AB00 (connected) and pongs carry no order.</summary>
    public async Task HandleAsync(Guid accountId, string text, CancellationToken cancellationToken)
    {
        if (text.Equals("pong", StringComparison.OrdinalIgnoreCase)) return;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            var code = root.Str("order-status");
            if (code is null or "AB00" || !root.TryGetProperty("orderData", out var data) || AngelOneBroker.ToOrder(data) is not { } state) return;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var orderId = await db.Orders.Where(o => o.BrokerAccountId == accountId && o.BrokerOrderId == state.BrokerOrderId)
                .Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
            if (orderId is null) return; // not ours (placed elsewhere) or not recorded yet: reconciliation covers it
            await applier.ApplyBrokerStateAsync(orderId.Value, state, $"Angel One order update {code}.", cancellationToken);
        }
    }
}
