using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;

namespace Trading.Tests.Integration;

/// <summary>Identity on a real PostgreSQL, through the real account pages over HTTP.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class IdentityTests : IAsyncLifetime
{
    private const string Password = "Sup3r-Secret!";
    private readonly PostgresDatabase _postgres = new();
    private TradingAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _app = TradingAppFactory.ForPostgres(_postgres.ConnectionString);
        _ = _app.Server; // starts the app: migrations run against the empty database
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Register_makes_a_trader_who_is_signed_in_and_can_sign_in_again()
    {
        var client = AccountClient.For(_app);
        var email = $"new-{Guid.NewGuid():N}@example.com";

        var registered = await client.RegisterAsync(email, Password, "Asha Rao");
        Assert.True(registered.StatusCode == HttpStatusCode.Redirect, await registered.Content.ReadAsStringAsync());
        var dashboard = await client.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);

        await client.SignOutAsync();
        var afterSignOut = await client.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, afterSignOut.StatusCode);
        Assert.Contains("/Account/Login", afterSignOut.Headers.Location!.ToString());

        var signedIn = await client.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/")).StatusCode);

        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.NotNull(user);
        Assert.Equal("Asha Rao", user.DisplayName);
        Assert.Equal([Roles.Trader], await users.GetRolesAsync(user));
        Assert.NotNull(user.LastLoginAt);

        var history = await HistoryAsync(user.Id);
        Assert.Equal([(LoginResult.Succeeded, "Registration"), (LoginResult.Succeeded, "Password")], history.Select(h => (h.Result, h.Method)));

        // The trader's own activity page lists their attempts and nobody else's.
        var other = await CreateUserAsync();
        await AccountClient.For(_app).SignInAsync(other, "wrong-password");
        var activity = await client.Http.GetStringAsync("/Account/Manage/SignInActivity");
        Assert.Contains("Signed in", activity);
        Assert.DoesNotContain("Wrong password", activity);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_each_attempt_is_recorded()
    {
        var email = await CreateUserAsync();
        var client = AccountClient.For(_app);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await client.SignInAsync(email, "wrong-password");
        }
        var withRightPassword = await client.SignInAsync(email, Password);

        // Locked: said on the sign-in page itself, in words an address without an account gets too.
        Assert.Equal(HttpStatusCode.OK, withRightPassword.StatusCode);
        Assert.Contains("Too many failed sign-ins for this account.", await withRightPassword.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.OK, (await client.Http.GetAsync("/")).StatusCode);

        var user = await FindAsync(email);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow);
        var history = await HistoryAsync(user.Id);
        Assert.Equal(
            [LoginResult.WrongPassword, LoginResult.WrongPassword, LoginResult.WrongPassword, LoginResult.WrongPassword,
             LoginResult.LockedOut, LoginResult.LockedOut],
            history.Select(h => h.Result));
        Assert.All(history, h => Assert.False(h.Succeeded));
    }

    [Fact]
    public async Task A_suspended_user_is_refused_even_with_the_right_password()
    {
        var email = await CreateUserAsync();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync(email);
            user!.Status = UserStatus.Suspended;
            await users.UpdateAsync(user);
        }
        var client = AccountClient.For(_app);

        var response = await client.SignInAsync(email, Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This account is suspended", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/")).StatusCode);
        var history = await HistoryAsync((await FindAsync(email)).Id);
        Assert.Equal([LoginResult.Suspended], history.Select(h => h.Result));
    }

    [Fact]
    public async Task An_admin_suspension_ends_the_users_sessions_and_refuses_new_sign_ins()
    {
        var email = await CreateUserAsync();
        var client = AccountClient.For(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, Password)).StatusCode);
        var user = await FindAsync(email);
        await using var scope = _app.Services.CreateAsyncScope();
        var admins = scope.ServiceProvider.GetRequiredService<Trading.Web.Features.Admin.AdminUserService>();
        var adminId = Guid.NewGuid();

        Assert.Equal("You cannot suspend your own account.", (await admins.SetStatusAsync(user.Id, user.Id, UserStatus.Suspended, "Checked by the test suite")).Message);
        Assert.True((await admins.SetStatusAsync(adminId, user.Id, UserStatus.Suspended, "Checked by the test suite")).Succeeded);

        var suspended = await FindAsync(email);
        Assert.Equal(UserStatus.Suspended, suspended.Status);
        Assert.NotEqual(user.SecurityStamp, suspended.SecurityStamp);
        var rows = await admins.ListAsync();
        Assert.Equal(UserStatus.Suspended, rows.Single(r => r.Email == email).Status);
        Assert.Contains("This account is suspended", await (await AccountClient.For(_app).SignInAsync(email, Password)).Content.ReadAsStringAsync());

        Assert.True((await admins.SetStatusAsync(adminId, user.Id, UserStatus.Active, "Checked by the test suite")).Succeeded);
        Assert.Equal(HttpStatusCode.Redirect, (await AccountClient.For(_app).SignInAsync(email, Password)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_email_is_refused_and_recorded_without_a_user()
    {
        var email = $"nobody-{Guid.NewGuid():N}@example.com";
        var client = AccountClient.For(_app);

        var response = await client.SignInAsync(email, Password);

        Assert.Contains("Invalid email or password", await response.Content.ReadAsStringAsync());
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TradingDbContext>();
        var row = await db.LoginHistory.SingleAsync(h => h.AttemptedUserName == email);
        Assert.Null(row.UserId);
        Assert.Equal(LoginResult.UnknownUser, row.Result);
    }

    [Fact]
    public async Task Two_factor_sign_in_with_an_authenticator_app_works_and_is_recorded()
    {
        var email = await CreateUserAsync();
        var client = AccountClient.For(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, Password)).StatusCode);

        // Enrol: read the shared key from the page as a person would type it into their app.
        var enablePage = await client.Http.GetStringAsync("/Account/Manage/EnableAuthenticator");
        Assert.Contains("<svg", enablePage);
        var sharedKey = System.Text.RegularExpressions.Regex.Match(enablePage, "<kbd>([^<]+)</kbd>").Groups[1].Value.Replace(" ", "");
        var totp = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(sharedKey.ToUpperInvariant()));
        var enabled = await client.PostFormAsync("/Account/Manage/EnableAuthenticator", "send-code", new() { ["Input.Code"] = totp.ComputeTotp() });
        Assert.True(enabled.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK);
        Assert.True((await FindAsync(email)).TwoFactorEnabled);

        await client.SignOutAsync();
        var password = await client.SignInAsync(email, Password);
        Assert.Contains("Account/LoginWith2fa", password.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/")).StatusCode);

        var wrong = await client.PostFormAsync("/Account/LoginWith2fa", "login-with-2fa", new() { ["Input.TwoFactorCode"] = "000000" == totp.ComputeTotp() ? "111111" : "000000" });
        Assert.Contains("Invalid authenticator code", await wrong.Content.ReadAsStringAsync());
        var right = await client.PostFormAsync("/Account/LoginWith2fa", "login-with-2fa", new() { ["Input.TwoFactorCode"] = totp.ComputeTotp() });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/")).StatusCode);

        var history = await HistoryAsync((await FindAsync(email)).Id);
        Assert.Equal(
            [(LoginResult.Succeeded, "Password"), (LoginResult.RequiresTwoFactor, "Password"), (LoginResult.TwoFactorFailed, "Authenticator"), (LoginResult.Succeeded, "Authenticator")],
            history.Select(h => (h.Result, h.Method)));
    }

    private async Task<string> CreateUserAsync()
    {
        var (_, email) = await TestUsers.CreateTraderAsync(_app.Services, displayName: "Test", password: Password);
        return email;
    }

    private async Task<ApplicationUser> FindAsync(string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
    }

    private async Task<List<LoginHistory>> HistoryAsync(Guid userId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TradingDbContext>();
        return await db.LoginHistory.Where(h => h.UserId == userId).OrderBy(h => h.Id).ToListAsync();
    }
}
