using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Admin;
using Trading.Web.Features.Orders;

namespace Trading.Tests.Integration;

/// <summary>Server-side sign-in sessions in Redis on a real Kestrel port and PostgreSQL: known, listed, ended, enforced.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed partial class UserSessionTests : IAsyncLifetime
{
    private const string Password = TestUsers.Password;
    private KestrelApp _app = null!;

    public async Task InitializeAsync() => _app = await KestrelApp.StartAsync(
        a => a.With("ConnectionStrings:Redis", TestEnvironment.RedisConnectionString).With("Paper:TradeOutsideMarketHours", "true"), provider: "Postgres");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<AccountClient> SignedInAsync(string email, string userAgent = "Browser A")
    {
        var client = _app.NewClient();
        client.Http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        using var response = await client.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static async Task<bool> IsSignedInAsync(AccountClient client)
    {
        using var response = await client.Http.GetAsync("/");
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Another client holding a copy of this one's cookies, as someone who stole them would.</summary>
    private AccountClient CopyOf(AccountClient client, Uri address)
    {
        var copy = _app.NewClient();
        copy.Http.DefaultRequestHeaders.Add("Cookie", string.Join("; ", client.Cookies.GetCookies(address).Select(c => $"{c.Name}={c.Value}")));
        return copy;
    }

    [Fact]
    public async Task A_cookie_copied_before_sign_out_no_longer_works_after_it_and_the_session_leaves_redis()
    {
        var (userId, email) = await TestUsers.CreateTraderAsync(_app.App.Services, password: Password);
        var browser = await SignedInAsync(email);
        var stolen = CopyOf(browser, _app.BaseAddress);
        Assert.True(await IsSignedInAsync(stolen));

        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.RedisConnectionString);
        var ids = (await redis.GetDatabase().SetMembersAsync($"trading:user-sessions:{userId:N}")).Select(v => v.ToString()).ToList();
        var sessionId = Assert.Single(ids);
        Assert.Equal(userId.ToString("N"), (await redis.GetDatabase().HashGetAsync($"trading:session:{sessionId}", "user")).ToString());
        Assert.Equal("Browser A", (await redis.GetDatabase().HashGetAsync($"trading:session:{sessionId}", "ua")).ToString());

        await browser.SignOutAsync();

        Assert.False(await IsSignedInAsync(stolen));
        Assert.False(await redis.GetDatabase().KeyExistsAsync($"trading:session:{sessionId}"));
    }

    [Fact]
    public async Task A_trader_sees_their_sessions_and_ends_another_one_or_all_others()
    {
        var (_, email) = await TestUsers.CreateTraderAsync(_app.App.Services, password: Password);
        var laptop = await SignedInAsync(email, "Laptop");
        var phone = await SignedInAsync(email, "Phone");
        var tablet = await SignedInAsync(email, "Tablet");

        var page = await laptop.Http.GetStringAsync("/Account/Manage/Sessions");
        Assert.Equal(3, SessionRow().Matches(page).Count);
        Assert.Contains("This browser", page);
        var phoneRow = Row().Matches(page).Select(m => m.Groups[1].Value).Single(row => row.Contains("Phone"));
        var phoneSession = EndButton().Match(phoneRow).Groups[1].Value;

        using (var ended = await laptop.PostFormAsync("/Account/Manage/Sessions", "sessions", new() { ["Input.SessionId"] = phoneSession }))
        {
            Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        }
        Assert.False(await IsSignedInAsync(phone));
        Assert.True(await IsSignedInAsync(tablet));

        using (var others = await laptop.PostFormAsync("/Account/Manage/Sessions", "sessions", new() { ["Input.SessionId"] = "*others" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, others.StatusCode);
        }
        Assert.False(await IsSignedInAsync(tablet));
        Assert.True(await IsSignedInAsync(laptop));
        Assert.Single(SessionRow().Matches(await laptop.Http.GetStringAsync("/Account/Manage/Sessions")));
    }

    [Fact]
    public async Task A_suspension_ends_every_session_and_the_pipeline_refuses_the_traders_orders_until_reactivation()
    {
        var (userId, email) = await TestUsers.CreateTraderAsync(_app.App.Services, capital: 1_000_000m, password: Password);
        var browser = await SignedInAsync(email);
        await using var scope = _app.App.Services.CreateAsyncScope();
        var admins = scope.ServiceProvider.GetRequiredService<AdminUserService>();
        Assert.Single(await admins.SessionsAsync(userId)); // the admin sees the trader's session
        var pipeline = _app.App.Services.GetRequiredService<OrderPipeline>();
        await _app.App.Services.GetRequiredService<Trading.Web.Features.MarketData.MarketDataPipeline>().ProcessAsync(
            new Trading.Web.Features.MarketData.Tick(new(Exchange.NSE, "3045"), 800m, DateTime.UtcNow), CancellationToken.None);
        PlaceOrderRequest Order(string id) => new(userId, id, Exchange.NSE, "3045", OrderSide.Buy, OrderType.Market, ProductType.Intraday,
            OrderVariety.Normal, OrderValidity.Day, 1, Source: OrderSource.Strategy);
        Assert.True((await pipeline.PlaceAsync(Order("before"))).Accepted);

        Assert.True((await admins.SetStatusAsync(Guid.NewGuid(), userId, UserStatus.Suspended, "Checked by the test suite")).Succeeded);

        Assert.False(await IsSignedInAsync(browser));
        Assert.Empty(await admins.SessionsAsync(userId));
        var refused = await pipeline.PlaceAsync(Order("during"));
        Assert.False(refused.Accepted);
        Assert.Equal("This account is not active: orders are refused.", refused.Errors["PreTrade"]);

        Assert.True((await admins.SetStatusAsync(Guid.NewGuid(), userId, UserStatus.Active, "Checked by the test suite")).Succeeded);
        Assert.True((await pipeline.PlaceAsync(Order("after"))).Accepted);
    }

    [Fact]
    public async Task Changing_the_password_signs_out_every_other_browser_and_keeps_this_one()
    {
        var (_, email) = await TestUsers.CreateTraderAsync(_app.App.Services, password: Password);
        var here = await SignedInAsync(email, "Here");
        var elsewhere = await SignedInAsync(email, "Elsewhere");

        using var changed = await here.PostFormAsync("/Account/Manage/ChangePassword", "change-password", new()
        {
            ["Input.OldPassword"] = Password, ["Input.NewPassword"] = "An0ther-Secret!", ["Input.ConfirmPassword"] = "An0ther-Secret!",
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.False(await IsSignedInAsync(elsewhere));
        Assert.True(await IsSignedInAsync(here));
    }

    [GeneratedRegex("<tr data-testid=\"session-row\"[^>]*>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex("data-testid=\"session-row\"")]
    private static partial Regex SessionRow();

    [GeneratedRegex("name=\"Input.SessionId\" value=\"([A-Za-z0-9_-]{20,})\"")]
    private static partial Regex EndButton();
}
