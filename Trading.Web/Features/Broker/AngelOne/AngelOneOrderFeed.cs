using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Broker.AngelOne;

/// <summary>
/// Angel One's order-status WebSocket (SMARTAPI.md §7): one connection per connected Angel One account that has
/// working orders, opened by a scan every 30 s on one instance (the broker allows three connections per client code).
/// Each message's orderData goes through the brokers' door (<see cref="IBrokerOrderUpdates"/>) at once; reconciliation
/// still runs every minute for anything a dropped connection missed.
/// </summary>
public sealed class AngelOneOrderFeed(
    IDbContextFactory<TradingDbContext> dbFactory,
    AngelOneSessions sessions,
    IBrokerOrderUpdates updates,
    IOptions<AngelOneOptions> options,
    RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition
{
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Guid, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();

    public static string JobName => "AngelOneOrderFeed";

    public static JobSchedule DefaultSchedule => new() { Every = TimeSpan.FromSeconds(30), SingleInstance = true };

    protected override Task RunAsync(CancellationToken cancellationToken) => EnsureConnectionsAsync(cancellationToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
    }

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
            _connections[account] = RunAccountAsync(account, _stopping.Token);
            started++;
        }
        return started;
    }

    private async Task RunAccountAsync(Guid accountId, CancellationToken stoppingToken)
    {
        try
        {
            var session = await sessions.GetSessionAsync(accountId, stoppingToken);
            var headers = new Dictionary<string, string>
            {
                ["Authorization"] = "Bearer " + session.Credentials.JwtToken,
                ["x-api-key"] = session.Credentials.ApiKey,
                ["x-client-code"] = session.Credentials.ClientCode,
                ["x-feed-token"] = session.FeedToken,
            };
            using var socket = await SmartSocket.ConnectAsync(new Uri(options.Value.OrderFeedUrl), headers,
                TimeSpan.FromSeconds(options.Value.TimeoutSeconds + 3), Time, stoppingToken);
            await socket.ReceiveAsync((_, message) => HandleAsync(accountId, Encoding.UTF8.GetString(message.Span)), PingInterval, SilenceLimit, stoppingToken);
        }
        catch (Exception ex) when (ex is WebSocketException or BrokerException or IOException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            Logger.LogInformation("Angel One order updates for account {AccountId} stopped ({Message}); the next scan reconnects", accountId, ex.Message);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "Angel One order updates for account {AccountId} failed; the next scan reconnects", accountId);
        }
    }

    /// <summary>Publishes one order-status message; AB00 (connected) carries no order.</summary>
    public async Task HandleAsync(Guid accountId, string text)
    {
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
            await updates.PublishAsync(new BrokerOrderUpdate(accountId, state, $"Angel One order update {code}."));
        }
    }
}
