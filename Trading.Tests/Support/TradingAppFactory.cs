using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Trading.Tests.Support;

/// <summary>
/// The real app (Program) with its settings pointed at test resources. Settings go through UseSetting so
/// Program sees them while it registers services.
/// </summary>
public class TradingAppFactory(IReadOnlyDictionary<string, string?> settings, TimeProvider? clock = null, Action<IServiceCollection>? testServices = null,
    string environment = "Development")
    : WebApplicationFactory<Program>
{
    public LogSink Logs { get; } = new();

    /// <summary>The same app on another clock (for checks that depend on market hours).</summary>
    public TradingAppFactory WithClock(TimeProvider newClock) => new(settings, newClock, testServices, environment);

    /// <summary>The same app with services of the test's own added (e.g. a job that throws).</summary>
    public TradingAppFactory WithServices(Action<IServiceCollection> add) => new(settings, clock, testServices + add, environment);

    /// <summary>The same app in another environment (Production: no demo data, stricter start-up checks).</summary>
    public TradingAppFactory InEnvironment(string name) => new(settings, clock, testServices, name);

    public const string TestKeyEncryptionKey = "dGVzdC1vbmx5LWtleS1lbmNyeXB0aW9uLWtleS0zMmI="; // 32 bytes, tests only

    /// <summary>Settings every test app gets unless it sets them: no download of the broker's master from the internet.</summary>
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Jobs:InstrumentRefresh:Enabled"] = "false",
        // Two weeks of generated demo history instead of a year: enough to backtest, quick to write.
        ["Trading:DemoHistoryDays"] = "10",
        // Production refuses to start without a key-encryption key; tests name one instead of writing a file.
        ["DataProtection:KeyEncryptionKey"] = TestKeyEncryptionKey,
    };

    public TradingAppFactory With(IReadOnlyDictionary<string, string?> more) =>
        more.Aggregate(this, (app, setting) => app.With(setting.Key, setting.Value));

    public TradingAppFactory With(string key, string? value)
    {
        var merged = new Dictionary<string, string?>(settings) { [key] = value };
        return new TradingAppFactory(merged, clock, testServices, environment);
    }

    public static TradingAppFactory ForPostgres(string connectionString, string? redis = null, bool seedDemoData = false) => new(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Trading"] = connectionString,
        ["ConnectionStrings:Redis"] = redis ?? "",
        ["Trading:SeedDemoData"] = seedDemoData ? "true" : "false",
    });

    public static TradingAppFactory ForSqlite(string file, bool seedDemoData = true) => new(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Trading"] = $"Data Source={file}",
        ["ConnectionStrings:Redis"] = "",
        ["Trading:SeedDemoData"] = seedDemoData ? "true" : "false",
    });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in Defaults.Where(d => !settings.ContainsKey(d.Key)).Concat(settings))
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<LogSink>(null, LogLevel.Debug));
        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
        if (testServices is not null)
        {
            builder.ConfigureTestServices(testServices);
        }
    }
}
