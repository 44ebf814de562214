using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Tests.Support;
using Trading.Web.Features.Broker;
using Trading.Web.Infrastructure.KeyRing;

namespace Trading.Tests.Integration;

/// <summary>The Data Protection key ring in PostgreSQL is useless without the key-encryption key, and protecting it broke nothing.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class KeyRingTests : IAsyncLifetime
{
    private const string Purpose = "Trading.Broker.Secrets.v1"; // BrokerSecretProtector's
    private static readonly string OtherKek = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly PostgresDatabase _postgres = new();

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    /// <summary>Data Protection on the same database, as someone holding a copy of it would set it up: with or without a KEK.</summary>
    private ServiceProvider Reader(string? kek)
    {
        var services = new ServiceCollection().AddLogging().AddTradingDbContext(Trading.Data.DatabaseProvider.Postgres, _postgres.ConnectionString);
        services.AddDataProtection().SetApplicationName("Trading").PersistKeysToDbContext<TradingDbContext>();
        if (kek is not null)
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["DataProtection:KeyEncryptionKey"] = kek }).Build();
            services.AddSingleton(KeyEncryptionKeys.Load(configuration, new TestEnvironmentHost(), Path.GetTempPath()));
        }
        return services.BuildServiceProvider();
    }

    private async Task<List<string>> StoredKeysAsync()
    {
        await using var services = Reader(null);
        await using var db = services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext();
        return await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
    }

    [Fact]
    public async Task The_stored_key_ring_opens_only_with_the_key_encryption_key()
    {
        string ciphertext;
        await using (var app = TradingAppFactory.ForPostgres(_postgres.ConnectionString).With("MarketData:Feed", "None"))
        {
            ciphertext = app.Services.GetRequiredService<BrokerSecretProtector>().Protect("smartapi-key-7788")!;
        }

        var stored = Assert.Single(await StoredKeysAsync());
        Assert.Contains("kekEncrypted", stored);
        Assert.DoesNotContain("<masterKey", stored); // the key material is nowhere in the clear

        await using (var thief = Reader(null))
        {
            Assert.ThrowsAny<CryptographicException>(() => thief.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(ciphertext));
        }
        await using (var wrongKey = Reader(OtherKek))
        {
            Assert.ThrowsAny<CryptographicException>(() => wrongKey.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(ciphertext));
        }
        await using (var wrongApp = TradingAppFactory.ForPostgres(_postgres.ConnectionString).With("MarketData:Feed", "None")
                         .With("DataProtection:KeyEncryptionKey", OtherKek))
        {
            // The app itself refuses to start on a key ring it cannot open, saying which key it needs.
            var refused = Assert.ThrowsAny<Exception>(() => wrongApp.Services);
            Assert.Contains($"sealed with key-encryption key {KeyEncryptionKeys.IdOf(Convert.FromBase64String(TradingAppFactory.TestKeyEncryptionKey))}, which is not configured",
                refused.ToString());
        }
        await using (var rightKey = Reader(TradingAppFactory.TestKeyEncryptionKey))
        {
            Assert.Equal("smartapi-key-7788", rightKey.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(ciphertext));
        }
    }

    [Fact]
    public async Task A_key_ring_stored_in_the_clear_is_sealed_at_start_and_what_it_protected_still_opens_also_after_a_kek_rotation()
    {
        // Before the change: a key ring with no encryptor, protecting a broker secret.
        await using (var migrate = Reader(null))
        await using (var db = migrate.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContext())
        {
            await db.Database.MigrateAsync();
        }
        string ciphertext;
        await using (var before = Reader(null))
        {
            ciphertext = before.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect("pin-4321");
        }
        Assert.Contains("<masterKey", Assert.Single(await StoredKeysAsync()));

        await using (var app = TradingAppFactory.ForPostgres(_postgres.ConnectionString).With("MarketData:Feed", "None"))
        {
            Assert.Equal("pin-4321", app.Services.GetRequiredService<BrokerSecretProtector>().Unprotect(ciphertext));
        }
        var sealedOnce = Assert.Single(await StoredKeysAsync());
        Assert.DoesNotContain("<masterKey", sealedOnce);
        Assert.Contains($"kek=\"{KeyEncryptionKeys.IdOf(Convert.FromBase64String(TradingAppFactory.TestKeyEncryptionKey))}\"", sealedOnce);

        // A new key-encryption key, the old one kept as previous: the ring is sealed again with the new one.
        await using (var rotated = TradingAppFactory.ForPostgres(_postgres.ConnectionString).With("MarketData:Feed", "None")
            .With("DataProtection:KeyEncryptionKey", OtherKek).With("DataProtection:PreviousKeyEncryptionKeys:0", TradingAppFactory.TestKeyEncryptionKey))
        {
            Assert.Equal("pin-4321", rotated.Services.GetRequiredService<BrokerSecretProtector>().Unprotect(ciphertext));
        }
        Assert.Contains($"kek=\"{KeyEncryptionKeys.IdOf(Convert.FromBase64String(OtherKek))}\"", Assert.Single(await StoredKeysAsync()));
        await using var onlyNew = Reader(OtherKek);
        Assert.Equal("pin-4321", onlyNew.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(ciphertext));
    }

    [Fact]
    public void Production_without_a_key_encryption_key_is_refused_with_a_clear_message()
    {
        var app = TradingAppFactory.ForPostgres(_postgres.ConnectionString).With("DataProtection:KeyEncryptionKey", "").InEnvironment("Production");
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("DataProtection__KeyEncryptionKey", error.ToString());
    }

    [Fact]
    public async Task Outside_production_the_app_makes_its_own_key_in_the_data_folder_once_readable_only_by_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"trading-kek-{Guid.NewGuid():N}");
        try
        {
            TradingAppFactory App() => TradingAppFactory.ForPostgres(_postgres.ConnectionString).With("MarketData:Feed", "None")
                .With("DataProtection:KeyEncryptionKey", "").With("Trading:DataFolder", folder);
            await using (var first = App()) _ = first.Services;
            var file = Path.Combine(folder, "keyring.kek");
            var key = await File.ReadAllTextAsync(file);
            Assert.Equal(32, Convert.FromBase64String(key).Length);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            await using (var second = App()) _ = second.Services;
            Assert.Equal(key, await File.ReadAllTextAsync(file));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class TestEnvironmentHost : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Development";
        public string ApplicationName { get; set; } = "Trading.Tests";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
