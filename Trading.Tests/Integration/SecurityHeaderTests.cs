using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Tests.Support;

namespace Trading.Tests.Integration;

/// <summary>What the app tells browsers and whom it believes about the client's address, over a real Kestrel port.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class SecurityHeaderTests
{
    [Fact]
    public async Task Pages_carry_a_strict_policy_and_no_server_header_and_only_static_assets_are_cacheable()
    {
        await using var app = await KestrelApp.StartAsync();
        var client = app.NewClient().Http;

        using var login = await client.GetAsync("/Account/Login");
        var csp = login.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp);
        Assert.Matches("script-src 'self' 'nonce-[0-9A-F]{32}'(;|$)", csp); // no 'unsafe-inline', no 'unsafe-eval' for scripts
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        var nonce = System.Text.RegularExpressions.Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", await login.Content.ReadAsStringAsync()); // the only inline script
        Assert.Equal("nosniff", login.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", login.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", login.Headers.GetValues("Permissions-Policy").Single());
        Assert.Contains("no-store", login.Headers.CacheControl!.ToString());
        Assert.False(login.Headers.Contains("Server"));

        using var again = await client.GetAsync("/Account/Login");
        Assert.NotEqual(csp, again.Headers.GetValues("Content-Security-Policy").Single()); // a fresh nonce per page

        using var asset = await client.GetAsync("/favicon.png");
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.DoesNotContain("no-store", asset.Headers.CacheControl?.ToString() ?? "");
    }

    [Theory]
    [InlineData(null, "127.0.0.1")]          // no proxy configured: the header is ignored
    [InlineData("10.9.9.9", "127.0.0.1")]    // a proxy that is not the one talking to us: ignored
    [InlineData("127.0.0.1", "203.0.113.7")] // the configured proxy: believed
    public async Task X_forwarded_for_is_believed_only_from_the_configured_proxy(string? proxy, string recorded)
    {
        await using var app = await KestrelApp.StartAsync(a => proxy is null ? a : a.With("ForwardedHeaders:KnownProxies:0", proxy));
        var (_, email) = await TestUsers.CreateTraderAsync(app.App.Services, password: TestUsers.Password);
        var client = app.NewClient();
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        using var signedIn = await client.SignInAsync(email, TestUsers.Password);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        await using var db = app.App.Services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
        Assert.Equal(recorded, (await db.LoginHistory.SingleAsync(h => h.AttemptedUserName == email)).IpAddress);
    }

    [Fact]
    public void Trusting_forwarded_headers_from_everyone_is_refused_at_start()
    {
        var app = TradingAppFactory.ForSqlite(Path.Combine(Path.GetTempPath(), $"trading-fwd-{Guid.NewGuid():N}.db"), seedDemoData: false)
            .With("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("ForwardedHeaders:KnownProxies", error.ToString());
    }
}
