using Microsoft.Data.Sqlite;

namespace Trading.Tests.Support;

/// <summary>The app on a fresh database of the named provider ("Postgres" or "Sqlite"), dropped again on dispose.</summary>
public sealed class ProviderApp : IAsyncDisposable
{
    private readonly PostgresDatabase? _postgres;
    private readonly string? _sqliteFile;

    public TradingAppFactory App { get; }

    private ProviderApp(TradingAppFactory app, PostgresDatabase? postgres, string? sqliteFile)
    {
        App = app;
        _postgres = postgres;
        _sqliteFile = sqliteFile;
    }

    public static async Task<ProviderApp> StartAsync(string provider, Func<TradingAppFactory, TradingAppFactory>? configure = null,
        Action<TradingAppFactory>? start = null)
    {
        TradingAppFactory app;
        PostgresDatabase? postgres = null;
        string? file = null;
        if (provider == "Postgres")
        {
            postgres = new PostgresDatabase();
            await postgres.InitializeAsync();
            app = TradingAppFactory.ForPostgres(postgres.ConnectionString);
        }
        else
        {
            file = Path.Combine(Path.GetTempPath(), $"trading-test-{Guid.NewGuid():N}.db");
            app = TradingAppFactory.ForSqlite(file, seedDemoData: false);
        }
        app = configure?.Invoke(app) ?? app;
        if (start is not null) start(app);
        else _ = app.Services; // starts the host: migrations, hosted services
        return new ProviderApp(app, postgres, file);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            File.Delete(_sqliteFile);
        }
    }
}
