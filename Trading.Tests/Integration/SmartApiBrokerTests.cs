using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Components.Account;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Broker.AngelOne;

namespace Trading.Tests.Integration;

/// <summary>The Angel One client, sessions and broker against a local fake SmartAPI server, with the app on PostgreSQL.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class SmartApiBrokerTests : IAsyncLifetime
{
    private const string ApiKey = "smartapi-key-7788";
    private const string Pin = "4321";
    private const string TotpSecret = "JBSWY3DPEHPK3PXPJBSWY3DP";
    private const string Password = "Sup3r-Secret!";
    private readonly PostgresDatabase _postgres = new();
    private FakeSmartApi _fake = null!;
    private TradingAppFactory _app = null!;
    private Guid _userId;
    private string _email = "";

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _fake = await FakeSmartApi.StartAsync();
        _app = TradingAppFactory.ForPostgres(_postgres.ConnectionString)
            .With("AngelOne:RestBaseUrl", _fake.BaseUrl)
            .With("AngelOne:TimeoutSeconds", "2");
        (_userId, _email) = await TestUsers.CreateTraderAsync(_app.Services, displayName: "Asha", password: Password);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _fake.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    private async Task<Guid> SaveAccountAsync(BrokerSignInMode mode)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<BrokerAccountService>();
        var (errors, id) = await accounts.SaveAngelOneAsync(_userId, null, new AngelOneAccountInput
        {
            Label = "My Angel One",
            ClientCode = "a123456",
            ApiKey = ApiKey,
            Pin = Pin,
            SignInMode = mode,
            TotpSecret = mode == BrokerSignInMode.Automatic ? TotpSecret : null,
            StaticIp = "203.0.113.10",
        });
        Assert.Empty(errors);
        return id!.Value;
    }

    private async Task<ConnectionTestResult> ConnectAsync(Guid accountId, string? code)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BrokerAccountService>().TestConnectionAsync(_userId, accountId, code);
    }

    private Task<IBroker> BrokerAsync(Guid accountId) => _app.Services.GetRequiredService<BrokerFactory>().ForAccountAsync(accountId);

    private static Dictionary<string, string> Body(FakeSmartApi.Recorded request) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(request.Body)!.ToDictionary(kv => kv.Key, kv => kv.Value.ToString());

    [Fact]
    public async Task Test_connection_signs_in_with_the_documented_route_headers_and_body_then_shows_profile_and_funds()
    {
        var accountId = await SaveAccountAsync(BrokerSignInMode.AskForCode);

        var result = await ConnectAsync(accountId, "123456");

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("ASHA RAO", result.Profile!.Name);
        Assert.Equal(["NSE", "BSE", "NFO", "MCX"], result.Profile.Exchanges);
        Assert.Equal(245000.25m, result.Funds!.AvailableCash);
        Assert.Equal(250000.50m, result.Funds.Net);
        Assert.Equal(new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc), result.TokenExpiresAt);

        var login = Assert.Single(_fake.To("/loginByPassword"));
        Assert.Equal("POST", login.Method);
        Assert.Equal("/rest/auth/angelbroking/user/v1/loginByPassword", login.Path);
        Assert.Equal(new Dictionary<string, string> { ["clientcode"] = "A123456", ["password"] = Pin, ["totp"] = "123456" }, Body(login));
        Assert.Equal(ApiKey, login.Headers["X-PrivateKey"]);
        Assert.Equal("USER", login.Headers["X-UserType"]);
        Assert.Equal("WEB", login.Headers["X-SourceID"]);
        Assert.StartsWith("application/json", login.Headers["Content-Type"]);
        Assert.Equal("application/json", login.Headers["Accept"]);
        Assert.True(login.Headers.ContainsKey("X-ClientLocalIP") && login.Headers.ContainsKey("X-ClientPublicIP") && login.Headers.ContainsKey("X-MACAddress"));
        Assert.False(login.Headers.ContainsKey("Authorization"));

        var profile = Assert.Single(_fake.To("/getProfile"));
        Assert.Equal("GET", profile.Method);
        Assert.Equal("/rest/secure/angelbroking/user/v1/getProfile", profile.Path);
        Assert.Equal($"Bearer {FakeSmartApi.Jwt}", profile.Headers["Authorization"]);
        Assert.Equal(ApiKey, profile.Headers["X-PrivateKey"]);
        Assert.Equal("/rest/secure/angelbroking/user/v1/getRMS", Assert.Single(_fake.To("/getRMS")).Path);

        await using var db = _app.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
        var account = await db.BrokerAccounts.SingleAsync(a => a.Id == accountId);
        Assert.Equal(BrokerAccountStatus.Connected, account.Status);
        Assert.NotNull(account.LastVerifiedAt);
    }

    [Fact]
    public async Task Orders_books_quotes_and_candles_use_the_documented_routes_and_bodies()
    {
        var accountId = await SaveAccountAsync(BrokerSignInMode.AskForCode);
        Assert.True((await ConnectAsync(accountId, "654321")).Succeeded);
        var broker = await BrokerAsync(accountId);

        var placed = await broker.PlaceOrderAsync(new BrokerOrderRequest(Exchange.NSE, "SBIN-EQ", "3045", OrderSide.Buy, OrderType.Limit,
            ProductType.Intraday, OrderVariety.Normal, OrderValidity.Day, 10, 194.5m, Tag: "algo-7"));
        Assert.Equal("201020000000080", placed.BrokerOrderId);
        Assert.Equal("34reqfachdfih", placed.UniqueOrderId);
        Assert.Contains("\"orderid\":\"201020000000080\"", placed.RawReply);
        var place = Assert.Single(_fake.To("/placeOrder"));
        Assert.Equal("/rest/secure/angelbroking/order/v1/placeOrder", place.Path);
        Assert.Equal(new Dictionary<string, string>
        {
            ["variety"] = "NORMAL", ["tradingsymbol"] = "SBIN-EQ", ["symboltoken"] = "3045", ["transactiontype"] = "BUY", ["exchange"] = "NSE",
            ["ordertype"] = "LIMIT", ["producttype"] = "INTRADAY", ["duration"] = "DAY", ["price"] = "194.5", ["triggerprice"] = "0",
            ["squareoff"] = "0", ["stoploss"] = "0", ["quantity"] = "10", ["ordertag"] = "algo-7",
        }, Body(place));

        await broker.PlaceOrderAsync(new BrokerOrderRequest(Exchange.NFO, "NIFTY29DEC26FUT", "35001", OrderSide.Sell, OrderType.StopLossMarket,
            ProductType.CarryForward, OrderVariety.Normal, OrderValidity.Day, 75, TriggerPrice: 25000m));
        var stopLoss = Body(_fake.To("/placeOrder")[1]);
        Assert.Equal(("STOPLOSS", "STOPLOSS_MARKET", "CARRYFORWARD", "25000", "0", "SELL"),
            (stopLoss["variety"], stopLoss["ordertype"], stopLoss["producttype"], stopLoss["triggerprice"], stopLoss["price"], stopLoss["transactiontype"]));

        await broker.ModifyOrderAsync(new BrokerOrderModification("201020000000080", Exchange.NSE, "SBIN-EQ", "3045", OrderVariety.Normal,
            OrderType.Limit, ProductType.Intraday, OrderValidity.Day, 12, 195m));
        Assert.Equal(new Dictionary<string, string>
        {
            ["variety"] = "NORMAL", ["orderid"] = "201020000000080", ["ordertype"] = "LIMIT", ["producttype"] = "INTRADAY", ["duration"] = "DAY",
            ["price"] = "195", ["triggerprice"] = "0", ["quantity"] = "12", ["tradingsymbol"] = "SBIN-EQ", ["symboltoken"] = "3045", ["exchange"] = "NSE",
        }, Body(Assert.Single(_fake.To("/modifyOrder"))));

        await broker.CancelOrderAsync("201020000000080", OrderVariety.Normal);
        Assert.Equal(new Dictionary<string, string> { ["variety"] = "NORMAL", ["orderid"] = "201020000000080" }, Body(Assert.Single(_fake.To("/cancelOrder"))));

        var book = await broker.GetOrderBookAsync();
        Assert.Equal(2, book.Count);
        Assert.Equal((BrokerOrderStatus.Complete, 10, 193.95m, OrderType.Limit), (book[0].Status, book[0].FilledQuantity, book[0].AveragePrice!.Value, book[0].OrderType));
        Assert.Equal((BrokerOrderStatus.TriggerPending, OrderType.StopLossLimit, OrderSide.Sell, 191m), (book[1].Status, book[1].OrderType, book[1].Side, book[1].TriggerPrice!.Value));
        Assert.Equal(new DateTime(2026, 10, 20, 7, 40, 59, DateTimeKind.Utc), book[0].UpdatedAt);
        Assert.Equal("GET", Assert.Single(_fake.To("/getOrderBook")).Method);

        var trade = Assert.Single(await broker.GetTradeBookAsync());
        Assert.Equal(("201020000000080", "50005750", 10, 193.95m), (trade.BrokerOrderId, trade.FillId, trade.Quantity, trade.Price));
        var position = Assert.Single(await broker.GetPositionsAsync());
        Assert.Equal((10, 193.95m, 195.10m, 11.50m), (position.NetQuantity, position.BuyAveragePrice, position.LastPrice!.Value, position.Pnl!.Value));
        var holding = Assert.Single(await broker.GetHoldingsAsync());
        Assert.Equal(("TATASTEEL-EQ", 2, 111.87m), (holding.TradingSymbol, holding.Quantity, holding.AveragePrice));

        var quote = await broker.GetLtpAsync(Exchange.NSE, "SBIN-EQ", "3045");
        Assert.Equal((191.00m, 187.80m), (quote.LastPrice, quote.Close!.Value));
        Assert.Equal(new Dictionary<string, string> { ["exchange"] = "NSE", ["tradingsymbol"] = "SBIN-EQ", ["symboltoken"] = "3045" }, Body(Assert.Single(_fake.To("/getLtpData"))));

        var candles = await broker.GetCandlesAsync(Exchange.NSE, "99926000", CandleInterval.OneMinute,
            new DateTime(2026, 11, 2, 3, 45, 0, DateTimeKind.Utc), new DateTime(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc));
        Assert.Equal(2, candles.Count);
        Assert.Equal((new DateTime(2026, 11, 2, 3, 45, 0, DateTimeKind.Utc), 19571.2m, 0L), (candles[0].Time, candles[0].Open, candles[0].Volume));
        Assert.Equal((19563.25m, 1200L), (candles[1].Close, candles[1].Volume));
        var candleRequest = Assert.Single(_fake.To("/getCandleData"));
        Assert.Equal("/rest/secure/angelbroking/historical/v1/getCandleData", candleRequest.Path);
        Assert.Equal(new Dictionary<string, string>
        {
            ["exchange"] = "NSE", ["symboltoken"] = "99926000", ["interval"] = "ONE_MINUTE", ["fromdate"] = "2026-11-02 09:15", ["todate"] = "2026-11-02 15:30",
        }, Body(candleRequest));

        // The margin calculator: the documented batch body, and the total it answers against the RMS's available cash.
        var margin = await broker.GetRequiredMarginAsync(new BrokerOrderRequest(Exchange.NSE, "SBIN-EQ", "3045", OrderSide.Buy, OrderType.Limit,
            ProductType.Intraday, OrderVariety.Normal, OrderValidity.Day, 10, 194m), lastPrice: 194.10m);
        Assert.Equal((388.00m, 245000.25m), (margin.Required, margin.Available));
        using (var batch = JsonDocument.Parse(Assert.Single(_fake.To("/margin/v1/batch")).Body))
        {
            var p = batch.RootElement.GetProperty("positions")[0];
            Assert.Equal(("NSE", 10, 194m, "INTRADAY", "3045", "BUY", "LIMIT"), (p.GetProperty("exchange").GetString(), p.GetProperty("qty").GetInt32(),
                p.GetProperty("price").GetDecimal(), p.GetProperty("productType").GetString(), p.GetProperty("token").GetString(),
                p.GetProperty("tradeType").GetString(), p.GetProperty("orderType").GetString()));
        }

        Assert.All(_fake.Requests.Where(r => r.Path.Contains("/secure/")), r => Assert.Equal($"Bearer {FakeSmartApi.Jwt}", r.Headers["Authorization"]));
        // Every request carries the headers smartapi-python sends, GETs included (Content-Type too, which HttpClient drops without content).
        Assert.Contains(_fake.Requests, r => r.Method == "GET");
        Assert.All(_fake.Requests.Where(r => r.Path.StartsWith("/rest/")), r =>
        {
            Assert.StartsWith("application/json", r.Headers.GetValueOrDefault("Content-Type") ?? $"missing on {r.Method} {r.Path}");
            Assert.Equal("application/json", r.Headers["Accept"]);
            Assert.Equal(("USER", "WEB", ApiKey), (r.Headers["X-UserType"], r.Headers["X-SourceID"], r.Headers["X-PrivateKey"]));
            Assert.True(r.Headers.ContainsKey("X-ClientLocalIP") && r.Headers.ContainsKey("X-ClientPublicIP") && r.Headers.ContainsKey("X-MACAddress"),
                $"{r.Method} {r.Path} lacks the client address headers");
        });
    }

    [Fact]
    public async Task An_invalid_token_reply_signs_in_again_with_the_stored_totp_and_repeats_the_call_once()
    {
        var accountId = await SaveAccountAsync(BrokerSignInMode.Automatic);
        Assert.True((await ConnectAsync(accountId, null)).Succeeded);
        _fake.Enqueue("/getRMS", FakeSmartApi.GatewayError("AG8001", "Invalid Token"));

        var funds = await (await BrokerAsync(accountId)).GetFundsAsync();

        Assert.Equal(245000.25m, funds.AvailableCash);
        var logins = _fake.To("/loginByPassword");
        Assert.Equal(2, logins.Count);
        var now = DateTime.UtcNow;
        var expected = new[] { now.AddSeconds(-30), now, now.AddSeconds(30) }.Select(t => AngelOneSessions.CurrentTotp(TotpSecret, t)).ToHashSet();
        Assert.All(logins, l => Assert.Contains(Body(l)["totp"], expected));
        Assert.Equal(2, _fake.To("/getRMS").Count - 1); // one from the connection test, then the refused call and its repeat
    }

    [Fact]
    public async Task Without_a_stored_secret_an_invalid_token_marks_the_account_reconnect_needed_and_tells_the_trader()
    {
        var accountId = await SaveAccountAsync(BrokerSignInMode.AskForCode);
        Assert.True((await ConnectAsync(accountId, "111111")).Succeeded);
        _fake.Enqueue("/getPosition", FakeSmartApi.GatewayError("AG8001", "Invalid Token"));

        var error = await Assert.ThrowsAsync<BrokerException>(async () => await (await BrokerAsync(accountId)).GetPositionsAsync());

        Assert.Equal(BrokerErrorKind.Authentication, error.Kind);
        Assert.Contains("Reconnect", error.Message);
        Assert.Single(_fake.To("/loginByPassword"));
        await using var db = _app.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
        var account = await db.BrokerAccounts.SingleAsync(a => a.Id == accountId);
        Assert.Equal(BrokerAccountStatus.ReconnectNeeded, account.Status);
        Assert.Null(account.JwtTokenEncrypted);
        var notification = await db.Notifications.SingleAsync(n => n.UserId == _userId);
        Assert.Equal((NotificationKind.BrokerReconnect, "/broker"), (notification.Kind, notification.Link));

        // The trader sees it on the dashboard.
        var client = AccountClient.For(_app);
        await client.SignInAsync(_email, Password);
        var dashboard = System.Net.WebUtility.HtmlDecode(await client.Http.GetStringAsync("/"));
        Assert.Contains("Needs your attention", dashboard);
        Assert.Contains("Reconnect My Angel One", dashboard);
        Assert.Contains("Reconnect needed", dashboard);
    }

    [Fact]
    public async Task The_plain_text_rate_limit_reply_is_a_clear_error_orders_are_never_retried_and_reads_are()
    {
        var accountId = await SaveAccountAsync(BrokerSignInMode.AskForCode);
        Assert.True((await ConnectAsync(accountId, "222222")).Succeeded);
        var broker = await BrokerAsync(accountId);
        _fake.Enqueue("/placeOrder", FakeSmartApi.RateLimited);
        _fake.Enqueue("/getOrderBook", FakeSmartApi.RateLimited);

        var error = await Assert.ThrowsAsync<BrokerException>(() => broker.PlaceOrderAsync(new BrokerOrderRequest(Exchange.NSE, "SBIN-EQ", "3045",
            OrderSide.Buy, OrderType.Market, ProductType.Delivery, OrderVariety.Normal, OrderValidity.Day, 1)));
        var book = await broker.GetOrderBookAsync();

        Assert.Equal(BrokerErrorKind.RateLimited, error.Kind);
        Assert.Contains("too many requests", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Single(_fake.To("/placeOrder"));
        Assert.Equal(2, _fake.To("/getOrderBook").Count);
        Assert.Equal(2, book.Count);
    }

    [Fact]
    public async Task Error_codes_become_clear_messages_and_a_timed_out_order_is_not_resent()
    {
        var accountId = await SaveAccountAsync(BrokerSignInMode.AskForCode);
        Assert.True((await ConnectAsync(accountId, "333333")).Succeeded);
        var broker = await BrokerAsync(accountId);
        var order = new BrokerOrderRequest(Exchange.NSE, "NOPE-EQ", "1", OrderSide.Buy, OrderType.Market, ProductType.Delivery, OrderVariety.Normal, OrderValidity.Day, 1);
        _fake.Enqueue("/placeOrder", FakeSmartApi.Error("AB1009", "Symbol not found"));
        _fake.Enqueue("/placeOrder", FakeSmartApi.Error("AB9999", "Something unusual"));
        _fake.Enqueue("/placeOrder", new FakeSmartApi.Reply(0, ""));

        var known = await Assert.ThrowsAsync<BrokerException>(() => broker.PlaceOrderAsync(order));
        var unknown = await Assert.ThrowsAsync<BrokerException>(() => broker.PlaceOrderAsync(order));
        var timeout = await Assert.ThrowsAsync<BrokerException>(() => broker.PlaceOrderAsync(order));

        Assert.Equal("Angel One does not know this symbol. (AB1009)", known.Message);
        Assert.Equal((BrokerErrorKind.Rejected, "AB1009"), (known.Kind, known.ErrorCode));
        Assert.Equal("Angel One: Something unusual (AB9999)", unknown.Message);
        Assert.Equal(BrokerErrorKind.Timeout, timeout.Kind);
        Assert.Equal(3, _fake.To("/placeOrder").Count);
    }

    [Fact]
    public async Task Secrets_never_reach_the_database_in_plaintext_the_page_or_the_logs()
    {
        var accountId = await SaveAccountAsync(BrokerSignInMode.Automatic);
        Assert.True((await ConnectAsync(accountId, null)).Succeeded);
        string[] secrets = [ApiKey, Pin, TotpSecret, FakeSmartApi.Jwt, FakeSmartApi.RefreshToken, FakeSmartApi.FeedToken];

        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT row_to_json(b)::text FROM broker_accounts b WHERE broker = 'AngelOne'", connection);
        var row = (string)(await command.ExecuteScalarAsync())!;
        Assert.Contains("A123456", row);
        Assert.All(secrets, s => Assert.DoesNotContain(s, row));
        Assert.Contains("api_key_encrypted", row);

        var client = AccountClient.For(_app);
        await client.SignInAsync(_email, Password);
        var html = System.Net.WebUtility.HtmlDecode(await client.Http.GetStringAsync("/broker"));
        Assert.Contains("My Angel One", html);
        Assert.Contains("••••7788", html);
        Assert.All(secrets, s => Assert.DoesNotContain(s, html));

        var logs = _app.Logs.All;
        Assert.NotEmpty(_app.Logs.Lines);
        Assert.All(secrets, s => Assert.DoesNotContain(s, logs));
    }
}
