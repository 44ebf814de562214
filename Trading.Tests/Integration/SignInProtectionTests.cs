using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data.Entities;
using Trading.Tests.Support;

namespace Trading.Tests.Integration;

/// <summary>Sign-in against spraying and account enumeration, on a real Kestrel port with PostgreSQL and Redis.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed partial class SignInProtectionTests : IAsyncLifetime
{
    private const string Password = TestUsers.Password;
    private KestrelApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await KestrelApp.StartAsync(a => a.With("ConnectionStrings:Redis", TestEnvironment.RedisConnectionString), provider: "Postgres");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<(Guid Id, string Email)> TraderAsync() => TestUsers.CreateTraderAsync(_app.App.Services, password: Password);

    [Fact]
    public async Task Forty_rapid_failed_sign_ins_from_one_address_are_throttled_with_a_try_again_message()
    {
        var client = _app.NewClient();
        var answers = new List<(HttpStatusCode Status, string Body, string? RetryAfter)>();
        for (var i = 0; i < 40; i++)
        {
            // Forty different addresses: the per-address limit, not the per-account one, does the stopping.
            using var response = await client.SignInAsync($"spray-{i}-{Guid.NewGuid():N}@example.com", "Guess-1234");
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.ToString()));
        }

        Assert.All(answers.Take(20), a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers.Take(20), a => Assert.Contains("Invalid email or password.", a.Body));
        var throttled = answers.Skip(20).ToList();
        Assert.All(throttled, a => Assert.Equal(HttpStatusCode.TooManyRequests, a.Status));
        Assert.All(throttled, a => Assert.Matches(@"Too many attempts from your network\. Try again in \d+ s\.", a.Body));
        Assert.All(throttled, a => Assert.True(int.Parse(a.RetryAfter!) is > 0 and <= 60, a.RetryAfter));
    }

    [Fact]
    public async Task An_unknown_email_and_a_wrong_password_get_the_same_page_in_about_the_same_time()
    {
        var (_, email) = await TraderAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";

        // Alternate the two, a few times each, so both see the same machine.
        var times = new Dictionary<string, List<double>> { ["unknown"] = [], ["wrong"] = [] };
        string? unknownPage = null, wrongPage = null;
        for (var i = 0; i < 4; i++)
        {
            foreach (var (kind, address) in new[] { ("unknown", unknown), ("wrong", email) })
            {
                var client = _app.NewClient();
                await client.Http.GetStringAsync("/Account/Login"); // warm the page; time only the post
                var watch = Stopwatch.StartNew();
                using var response = await client.SignInAsync(address, $"Wrong-{i}-password");
                times[kind].Add(watch.Elapsed.TotalMilliseconds);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var page = Normalize(await response.Content.ReadAsStringAsync(), address);
                if (kind == "unknown") unknownPage = page; else wrongPage = page;
            }
        }

        Assert.Equal(wrongPage, unknownPage);
        Assert.Contains("Invalid email or password.", unknownPage);
        double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        var ratio = Median(times["unknown"]) / Median(times["wrong"]);
        Assert.True(ratio is > 0.5 and < 2.0, $"unknown {Median(times["unknown"]):F1} ms vs wrong password {Median(times["wrong"]):F1} ms");
    }

    [Fact]
    public async Task After_five_failures_an_unknown_and_a_real_address_read_as_locked_in_the_same_words()
    {
        var (_, email) = await TraderAsync();
        var unknown = $"ghost-{Guid.NewGuid():N}@example.com";
        var pages = new Dictionary<string, string>();

        foreach (var address in new[] { email, unknown })
        {
            var client = _app.NewClient();
            for (var i = 0; i < 5; i++) await client.SignInAsync(address, "Wrong-password-1");
            using var sixth = await client.SignInAsync(address, Password); // right for the real one: still locked
            Assert.Equal(HttpStatusCode.OK, sixth.StatusCode);
            pages[address] = Normalize(await sixth.Content.ReadAsStringAsync(), address);
        }

        Assert.Matches(@"Too many failed sign-ins for this account\. Try again in 1[45] min\.", pages[email]);
        Assert.Equal(pages[email], pages[unknown]);
        Assert.DoesNotContain("/Account/Lockout", pages[email]);
    }

    [Fact]
    public async Task A_suspended_account_says_so_only_to_someone_with_its_password()
    {
        var (id, email) = await TraderAsync();
        await using (var scope = _app.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByIdAsync(id.ToString());
            user!.Status = UserStatus.Suspended;
            await users.UpdateAsync(user);
        }

        using var wrong = await _app.NewClient().SignInAsync(email, "Not-the-password-1");
        using var right = await _app.NewClient().SignInAsync(email, Password);

        var wrongPage = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("Invalid email or password.", wrongPage);
        Assert.DoesNotContain("suspended", wrongPage);
        Assert.Contains("This account is suspended", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task One_account_takes_ten_sign_ins_in_five_minutes_then_waits_and_resets_are_limited_per_address()
    {
        var (_, email) = await TraderAsync();
        for (var i = 0; i < 10; i++)
        {
            using var ok = await _app.NewClient().SignInAsync(email, Password);
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }
        using var eleventh = await _app.NewClient().SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, eleventh.StatusCode);
        Assert.Matches(@"Too many sign-in attempts for this account\. Try again in \d+ (s|min)\.", await eleventh.Content.ReadAsStringAsync());

        var client = _app.NewClient();
        var resets = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostFormAsync("/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = email });
            resets.Add(await response.Content.ReadAsStringAsync());
        }
        Assert.Matches(@"Too many reset requests for this address\. Try again in \d+ (s|min)\.", resets[3]);
    }

    /// <summary>The page without what differs on every answer anyway (tokens, nonces, ids) and without the typed address.</summary>
    private static string Normalize(string html, string typedEmail) =>
        Variable().Replace(html.Replace(typedEmail, "EMAIL"), "X");

    [GeneratedRegex("""(value="CfDJ8[^"]*"|nonce="[^"]*"|<!--Blazor[^>]*-->|Reference: <code>[^<]*</code>)""")]
    private static partial Regex Variable();
}
