using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;

namespace Trading.Tests.Integration;

/// <summary>
/// The account pages against requests a careless user or an attacker sends: bad links, foreign return URLs, steps out
/// of order, missing antiforgery tokens, and what registration and its confirmation page give away.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class AccountRequestTests
{
    private const string Password = "Sup3r-Secret!";

    private static async Task<ProviderApp> StartAsync(string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null) =>
        await ProviderApp.StartAsync("Sqlite", a => a.With("MarketData:Feed", "None").With(settings ?? new Dictionary<string, string?>()).InEnvironment(environment));

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Bad_links_and_steps_out_of_order_get_a_friendly_answer_never_a_500(string environment)
    {
        await using var app = await StartAsync(environment);
        var client = AccountClient.For(app.App).Http;

        foreach (var url in new[]
        {
            "/Account/ConfirmEmail?userId=abc&code=!!!",
            $"/Account/ConfirmEmail?userId={Guid.NewGuid()}&code=Zm9v",
            "/Account/ConfirmEmailChange?userId=x&email=a@b.c&code=!!",
            "/Account/ResetPassword?code=!!!",
            "/Account/LoginWith2fa",
            "/Account/LoginWithRecoveryCode",
            "/Account/Login?ReturnUrl=http://[::1",
        })
        {
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.Redirect,
                $"{url}: {(int)response.StatusCode}");
            Assert.DoesNotContain("   at ", body);
            Assert.DoesNotContain("Exception", body);
        }
        using (var twoFactor = await client.GetAsync("/Account/LoginWith2fa"))
        {
            Assert.Equal(HttpStatusCode.Redirect, twoFactor.StatusCode);
            Assert.StartsWith("/Account/Login", PathOf(twoFactor));
        }

        foreach (var path in new[] { "/Account/Logout", "/Account/PerformExternalLogin", "/Account/PasskeyCreationOptions", "/Account/PasskeyRequestOptions" })
        {
            using var post = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["provider"] = "x", ["returnUrl"] = "/" }));
            Assert.True(post.StatusCode == HttpStatusCode.BadRequest, $"POST {path} without an antiforgery token: {(int)post.StatusCode}");
            var answer = await post.Content.ReadAsStringAsync();
            Assert.DoesNotContain("   at ", answer);
            Assert.DoesNotContain("Exception", answer);
        }
    }

    [Fact]
    public async Task A_foreign_return_url_after_sign_in_goes_home_and_a_local_one_is_kept()
    {
        await using var app = await StartAsync();
        var (_, email) = await TestUsers.CreateTraderAsync(app.App.Services, password: Password);

        foreach (var (returnUrl, expected) in new[] { ("https://evil.example/steal", "/"), ("//evil.example", "/"), ("/\\evil.example", "/"), ("/orders", "/orders") })
        {
            var client = AccountClient.For(app.App);
            using var signedIn = await client.PostFormAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "login",
                new() { ["Input.Email"] = email, ["Input.Password"] = Password });
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.True(expected == PathOf(signedIn), $"{returnUrl}: went to {signedIn.Headers.Location}");
        }
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public async Task The_registration_page_shows_a_confirmation_link_only_to_a_developer_without_email_and_the_same_page_for_any_address(
        string environment, bool showsLink)
    {
        await using var app = await StartAsync(environment);
        var client = AccountClient.For(app.App);
        var email = $"new-{Guid.NewGuid():N}@example.com";
        await using (var scope = app.App.Services.CreateAsyncScope())
        {
            var provisioning = scope.ServiceProvider.GetRequiredService<Trading.Web.Components.Account.UserProvisioning>();
            await provisioning.CreateAsync(provisioning.NewRegistration(email, "Unconfirmed"), Password, Roles.Trader);
        }

        var known = await client.Http.GetAsync($"/Account/RegisterConfirmation?email={Uri.EscapeDataString(email)}");
        var unknown = await client.Http.GetAsync("/Account/RegisterConfirmation?email=nobody%40example.com");

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        var knownHtml = await known.Content.ReadAsStringAsync();
        Assert.Equal(showsLink, knownHtml.Contains("dev-confirmation-link"));
        Assert.DoesNotContain("dev-confirmation-link", await unknown.Content.ReadAsStringAsync());
        Assert.DoesNotContain("Error finding user", knownHtml + await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_email_a_new_and_a_taken_address_look_the_same_and_links_use_the_public_address_not_the_host_header()
    {
        using var smtp = new SmtpSink();
        await using var app = await StartAsync("Production", new Dictionary<string, string?>(smtp.Settings)
        {
            ["Trading:PublicBaseUrl"] = "https://trading.example.com/",
        });
        var (_, taken) = await TestUsers.CreateTraderAsync(app.App.Services, password: Password, displayName: "Owner");
        var fresh = $"fresh-{Guid.NewGuid():N}@example.com";

        var client = AccountClient.For(app.App);
        client.Http.DefaultRequestHeaders.Host = "evil.example";
        using var first = await client.RegisterAsync(fresh, Password, "New Trader");
        using var second = await AccountClient.For(app.App).RegisterAsync(taken, Password, "Someone Else");

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, second.StatusCode));
        Assert.Equal(PathOf(first).Split('?')[0], PathOf(second).Split('?')[0]);
        Assert.StartsWith("/Account/RegisterConfirmation", PathOf(first));
        var confirm = await smtp.WaitForAsync(fresh, "Confirm your email");
        Assert.Contains("https://trading.example.com/Account/ConfirmEmail?userId=", confirm.HtmlBody);
        Assert.DoesNotContain("evil.example", confirm.HtmlBody);
        var warning = await smtp.WaitForAsync(taken, "You already have a Trading account");
        Assert.Contains("https://trading.example.com/Account/ResetPassword?code=", warning.HtmlBody);

        // Until the address is confirmed the new account cannot sign in; the link from the email confirms it.
        var newcomer = AccountClient.For(app.App);
        using (var early = await newcomer.SignInAsync(fresh, Password))
        {
            Assert.Equal(HttpStatusCode.OK, early.StatusCode);
            Assert.Contains("confirm your email", await early.Content.ReadAsStringAsync());
        }
        var link = System.Text.RegularExpressions.Regex.Match(confirm.HtmlBody ?? "", "href=\"https://trading.example.com(/Account/ConfirmEmail[^\"]+)\"").Groups[1].Value;
        using (var confirmed = await newcomer.Http.GetAsync(System.Net.WebUtility.HtmlDecode(link)))
        {
            Assert.Contains("Thank you for confirming your email.", await confirmed.Content.ReadAsStringAsync());
        }
        using var signedIn = await newcomer.SignInAsync(fresh, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task Email_without_a_public_address_is_refused_at_start_outside_development()
    {
        using var smtp = new SmtpSink();
        var file = Path.Combine(Path.GetTempPath(), $"trading-nourl-{Guid.NewGuid():N}.db");
        await using var app = new TradingAppFactory(new Dictionary<string, string?>(smtp.Settings) { ["ConnectionStrings:Trading"] = $"Data Source={file}" })
            .InEnvironment("Production");

        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("Trading:PublicBaseUrl", error.ToString());
    }

    /// <summary>Where a redirect goes, as a path on this app (the app may answer with an absolute URL).</summary>
    private static string PathOf(HttpResponseMessage response) =>
        new Uri(new Uri("http://localhost/"), response.Headers.Location!).PathAndQuery;

    [Fact]
    public async Task The_first_sign_in_after_registering_is_in_the_sign_in_history_and_sets_the_last_sign_in()
    {
        await using var app = await StartAsync();
        var email = $"first-{Guid.NewGuid():N}@example.com";

        using var registered = await AccountClient.For(app.App).RegisterAsync(email, Password, "First Timer");

        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        await using var scope = app.App.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        Assert.NotNull(user!.LastLoginAt);
        var db = scope.ServiceProvider.GetRequiredService<TradingDbContext>();
        var row = await db.LoginHistory.SingleAsync(h => h.UserId == user.Id);
        Assert.Equal((true, LoginResult.Succeeded, "Registration"), (row.Succeeded, row.Result, row.Method));
    }
}
