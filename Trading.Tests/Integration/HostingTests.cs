using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Infrastructure;

namespace Trading.Tests.Integration;

[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class HostingTests
{
    [Fact]
    public async Task The_real_process_refuses_an_unsafe_production_configuration_with_the_reason_alone_and_exit_code_1()
    {
        // The built app, started the way an operator starts it: Production, no key-encryption key.
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Trading.Web.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Trading__DataFolder"] = Path.Combine(Path.GetTempPath(), $"trading-refused-{Guid.NewGuid():N}");
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Equal(1, process.ExitCode);
        var error = (await stderr).Trim();
        Assert.StartsWith("Trading cannot start: The Data Protection key ring (which protects broker secrets and sign-in cookies) needs a key-encryption key", error);
        Assert.DoesNotContain("   at ", error + await stdout); // no stack trace
    }

    [Fact]
    public async Task Health_reports_database_and_redis_on_postgres()
    {
        await using var postgres = new PostgresDatabase();
        await postgres.InitializeAsync();
        await using var app = TradingAppFactory.ForPostgres(postgres.ConnectionString, TestEnvironment.RedisConnectionString);

        var response = await app.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }

    [Fact]
    public async Task With_redis_down_health_says_so_and_the_app_still_serves()
    {
        var file = TempSqlite();
        await using var app = new TradingAppFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Trading"] = $"Data Source={file}",
            ["ConnectionStrings:Redis"] = "127.0.0.1:1,connectTimeout=500",
        });
        var client = app.CreateClient();

        var health = await client.GetAsync("/health");
        var signIn = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.DoesNotContain("Exception", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Development_loads_the_root_settings_file_and_seeds_the_demo_users()
    {
        var file = TempSqlite();
        // No SeedDemoData setting here: it must come from the repository root's appsettings.Development.json.
        await using var app = new TradingAppFactory(new Dictionary<string, string?> { ["ConnectionStrings:Trading"] = $"Data Source={file}" });
        _ = app.Server;

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await users.FindByEmailAsync(DemoData.AdminEmail);
        var trader = await users.FindByEmailAsync(DemoData.TraderEmail);
        Assert.NotNull(admin);
        Assert.NotNull(trader);
        Assert.True(await users.IsInRoleAsync(admin, Roles.Admin));
        Assert.True(await users.IsInRoleAsync(trader, Roles.Trader));
        Assert.False(await users.IsInRoleAsync(trader, Roles.Admin));
        Assert.True(await users.CheckPasswordAsync(trader, DemoData.Password));
    }

    [Fact]
    public async Task Production_seeds_no_demo_users_and_creates_the_configured_first_admin()
    {
        var file = TempSqlite();
        await using var app = new TradingAppFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Trading"] = $"Data Source={file}",
            ["Trading:InitialAdmin:Email"] = "ops@example.com",
            ["Trading:InitialAdmin:Password"] = "Very-Strong-1!",
        }).InEnvironment("Production");
        _ = app.Server;

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Null(await users.FindByEmailAsync(DemoData.AdminEmail));
        Assert.Null(await users.FindByEmailAsync(DemoData.TraderEmail));
        var admin = await users.FindByEmailAsync("ops@example.com");
        Assert.NotNull(admin);
        Assert.True(await users.IsInRoleAsync(admin, Roles.Admin));
    }

    [Fact]
    public async Task Errors_show_a_friendly_page_without_a_stack_trace()
    {
        var file = TempSqlite();
        await using var app = new TradingAppFactory(new Dictionary<string, string?> { ["ConnectionStrings:Trading"] = $"Data Source={file}" });
        var client = app.CreateClient();

        var missing = await client.GetAsync("/no-such-page");
        var error = await client.GetAsync("/Error");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Page not found", await missing.Content.ReadAsStringAsync());
        var errorHtml = await error.Content.ReadAsStringAsync();
        Assert.Contains("Something went wrong", errorHtml);
        Assert.DoesNotContain("   at ", errorHtml);
    }

    private static string TempSqlite() => Path.Combine(Path.GetTempPath(), $"trading-host-{Guid.NewGuid():N}.db");
}
