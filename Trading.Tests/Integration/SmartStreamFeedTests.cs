using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Broker.AngelOne;
using Trading.Web.Features.MarketData;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Tests.Integration;

/// <summary>The Angel One WebSocket 2.0 client against a local fake server sending packets built from the documented layout.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class SmartStreamFeedTests : IAsyncLifetime
{
    private FakeSmartStream _server = null!;
    private ServiceProvider _services = null!;
    private AngelOneMarketFeed _feed = null!;
    private readonly FixedCredentials _credentials = new();

    public async Task InitializeAsync()
    {
        _server = await FakeSmartStream.StartAsync();
        var builder = TestHost.Builder(("Jobs:AngelOneMarketFeed:MaxRetryAfter", "00:00:01"));
        var services = builder.Services;
        services.AddSingleton<ILtpCache, MemoryLtpCache>();
        services.AddSingleton<TickHub>();
        services.AddSingleton<ITickPublisher, InProcessTickPublisher>();
        services.AddSingleton<CandleAggregator>();
        services.AddSingleton<MarketDataPipeline>();
        services.AddSingleton(Options.Create(new AngelOneOptions { MarketFeedUrl = _server.Url, TimeoutSeconds = 2 }));
        services.AddSingleton<IAngelOneFeedCredentialsProvider>(_credentials);
        builder.AddRecurringJob<AngelOneMarketFeed>();
        _services = services.BuildServiceProvider();
        await _services.GetRequiredService<MarketDataPipeline>().StartAsync(CancellationToken.None);
        _feed = _services.GetRequiredService<AngelOneMarketFeed>();
        _feed.PingInterval = TimeSpan.FromMilliseconds(200);
        _feed.SilenceLimit = TimeSpan.FromSeconds(3);
    }

    public async Task DisposeAsync()
    {
        await _feed.StopAsync(CancellationToken.None);
        await _services.GetRequiredService<MarketDataPipeline>().StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Parses_ltp_and_quote_packets_pings_and_reconnects_with_its_subscriptions_after_a_drop_or_silence()
    {
        var reliance = new InstrumentKey(Exchange.NSE, "2885");
        var niftyFuture = new InstrumentKey(Exchange.NFO, "35001");
        await _feed.SubscribeAsync([reliance, niftyFuture]);
        await _feed.StartAsync(CancellationToken.None);

        var first = await _server.WaitForConnectionAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal("jwt-token-1", first.Headers["Authorization"]);
        Assert.Equal("api-key-1", first.Headers["x-api-key"]);
        Assert.Equal("A123456", first.Headers["x-client-code"]);
        Assert.Equal("feed-token-1", first.Headers["x-feed-token"]);
        var subscribe = await WaitForAsync(() => first.Received.FirstOrDefault(m => m.StartsWith('{')));
        AssertSubscription(subscribe, 1, [(1, "2885"), (2, "35001")]);

        await FakeSmartStream.SendAsync(first, LtpPacket(1, "2885", ltpPaise: 250_075, timestampMs: 1_795_000_000_000));
        await FakeSmartStream.SendAsync(first, QuotePacket(2, "35001", ltpPaise: 2_601_250, lastQty: 75, volume: 1_500, open: 2_590_000, high: 2_605_000, low: 2_588_000, close: 2_595_500));
        var cache = _services.GetRequiredService<ILtpCache>();
        var relianceSnapshot = await WaitForAsync(() => cache.GetAsync(reliance).Result);
        var futureSnapshot = await WaitForAsync(() => cache.GetAsync(niftyFuture).Result);
        Assert.Equal(2500.75m, relianceSnapshot.LastPrice);
        Assert.Null(relianceSnapshot.PreviousClose);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000).UtcDateTime, relianceSnapshot.UpdatedAt);
        Assert.Equal((26012.50m, 25955.00m), (futureSnapshot.LastPrice, futureSnapshot.PreviousClose!.Value));
        Assert.Equal(57.50m, futureSnapshot.Change);
        await WaitForAsync(() => first.Received.Contains("ping") ? "ok" : null);

        FakeSmartStream.Drop(first);
        var second = await _server.WaitForConnectionAsync(2, TimeSpan.FromSeconds(10));
        AssertSubscription(await WaitForAsync(() => second.Received.FirstOrDefault(m => m.StartsWith('{'))), 1, [(1, "2885"), (2, "35001")]);
        await FakeSmartStream.SendAsync(second, LtpPacket(1, "2885", ltpPaise: 251_000, timestampMs: 1_795_000_060_000));
        await WaitForAsync(() => cache.GetAsync(reliance).Result is { LastPrice: 2510.00m } s ? s : null);

        // The third connection never answers a ping: the client must notice the silence and reconnect again.
        _server.SilentConnections.Add(2);
        await _feed.UnsubscribeAsync([niftyFuture]);
        AssertSubscription(await WaitForAsync(() => second.Received.Where(m => m.Contains("\"action\":0")).FirstOrDefault()), 0, [(2, "35001")]);
        FakeSmartStream.Drop(second);
        var third = await _server.WaitForConnectionAsync(3, TimeSpan.FromSeconds(10));
        AssertSubscription(await WaitForAsync(() => third.Received.FirstOrDefault(m => m.StartsWith('{'))), 1, [(1, "2885")]);
        await _server.WaitForConnectionAsync(4, TimeSpan.FromSeconds(15));
        // The server sees the connection a moment before the client counts it as made.
        Assert.Equal("4", await WaitForAsync(() => _feed.Connections == 4 ? "4" : null));
    }

    private static void AssertSubscription(string json, int action, (int ExchangeType, string Token)[] expected)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(action, doc.RootElement.GetProperty("action").GetInt32());
        Assert.Equal(10, doc.RootElement.GetProperty("correlationID").GetString()!.Length);
        var parameters = doc.RootElement.GetProperty("params");
        Assert.Equal(2, parameters.GetProperty("mode").GetInt32());
        var tokens = parameters.GetProperty("tokenList").EnumerateArray()
            .SelectMany(l => l.GetProperty("tokens").EnumerateArray().Select(t => (l.GetProperty("exchangeType").GetInt32(), t.GetString()!)))
            .OrderBy(x => x.Item1).ToArray();
        Assert.Equal(expected, tokens);
    }

    /// <summary>SMARTAPI.md §6 by hand: mode, exchange type, 25-byte token, int64 sequence, timestamp, LTP.</summary>
    internal static byte[] LtpPacket(byte exchangeType, string token, long ltpPaise, long timestampMs)
    {
        var packet = new byte[51];
        packet[0] = 1;
        packet[1] = exchangeType;
        Encoding.ASCII.GetBytes(token).CopyTo(packet, 2);
        BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(27), 42);
        BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(35), timestampMs);
        BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(43), ltpPaise);
        return packet;
    }

    internal static byte[] QuotePacket(byte exchangeType, string token, long ltpPaise, long lastQty, long volume, long open, long high, long low, long close)
    {
        var packet = new byte[123];
        LtpPacket(exchangeType, token, ltpPaise, 1_795_000_000_000).CopyTo(packet, 0);
        packet[0] = 2;
        BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(51), lastQty);
        BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(59), ltpPaise);
        BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(67), volume);
        BinaryPrimitives.WriteDoubleLittleEndian(packet.AsSpan(75), 1000.0);
        BinaryPrimitives.WriteDoubleLittleEndian(packet.AsSpan(83), 900.0);
        BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(91), open);
        BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(99), high);
        BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(107), low);
        BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(115), close);
        return packet;
    }

    private static Task<T> WaitForAsync<T>(Func<T?> probe) where T : class => Eventually.GetAsync(probe, "the feed's next message or tick");

    [Fact]
    public async Task A_refused_token_signs_the_feed_in_again_without_any_order_activity()
    {
        _server.RefusedTokens["jwt-token-1"] = 0; // the broker ended the session (daily logout, a sign-in elsewhere)
        await _feed.StartAsync(CancellationToken.None);

        var renewed = await _server.WaitForConnectionAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal(("jwt-token-2", "feed-token-2"), (renewed.Headers["Authorization"], renewed.Headers["x-feed-token"]));
        Assert.Equal((1, 1), (_server.Refusals, _credentials.Recoveries));
        Assert.Null(_feed.Problem);
    }

    [Fact]
    public async Task A_refused_token_that_cannot_be_renewed_says_the_account_needs_reconnecting()
    {
        _server.RefusedTokens["jwt-token-1"] = 0;
        _credentials.CanRenew = false;
        await _feed.StartAsync(CancellationToken.None);

        var problem = await WaitForAsync(() => _feed.Problem);
        Assert.Equal("Live prices stopped: reconnect My Angel One on the Broker page.", problem);
        await Task.Delay(1500);
        Assert.Equal((1, 1), (_server.Refusals, _credentials.Recoveries)); // it waits for the trader instead of hammering the dead token
        Assert.Empty(_server.Connections);
    }

    private sealed class FixedCredentials : IAngelOneFeedCredentialsProvider
    {
        public bool CanRenew { get; set; } = true;
        public int Recoveries { get; private set; }
        private AngelOneFeedCredentials _current = new("api-key-1", "A123456", "jwt-token-1", "feed-token-1");

        public Task<AngelOneFeedCredentials?> GetAsync(CancellationToken cancellationToken) => Task.FromResult<AngelOneFeedCredentials?>(_current);

        public Task<(AngelOneFeedCredentials? Renewed, string? Problem)> RecoverAsync(AngelOneFeedCredentials refused, CancellationToken cancellationToken)
        {
            Recoveries++;
            if (!CanRenew) return Task.FromResult<(AngelOneFeedCredentials?, string?)>((null, "Live prices stopped: reconnect My Angel One on the Broker page."));
            _current = new AngelOneFeedCredentials("api-key-1", "A123456", "jwt-token-2", "feed-token-2");
            return Task.FromResult<(AngelOneFeedCredentials?, string?)>((_current, null));
        }
    }
}
