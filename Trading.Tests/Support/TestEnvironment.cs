namespace Trading.Tests.Support;

/// <summary>
/// Where the real services are. scripts/test.sh starts a throwaway PostgreSQL and Redis and exports these;
/// a test that needs one fails with this message rather than silently skipping.
/// </summary>
public static class TestEnvironment
{
    public static string PostgresAdminConnectionString => Require("TRADING_TEST_POSTGRES");
    public static string RedisConnectionString => Require("TRADING_TEST_REDIS");
    public static string ChromiumPath => Environment.GetEnvironmentVariable("TRADING_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    public static string ArtifactsFolder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("TRADING_TEST_ARTIFACTS")
                ?? Path.Combine(AppContext.BaseDirectory, "test-artifacts");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set. Run the tests through scripts/test.sh, which starts PostgreSQL and Redis.");
}
