using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Trading.Data;
using Trading.Tests.Support;

namespace Trading.Tests.Unit;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class DatabaseRegistrationTests
{
    [Theory]
    [InlineData("Host=db;Database=trading;Username=app", 64)]
    [InlineData("Host=db;Database=trading;Username=app;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=trading;Username=app;MaxAutoPrepare=10", 10)]
    public void Postgres_prepares_repeated_statements_unless_the_connection_string_says_otherwise(string connectionString, int expected)
    {
        using var services = new ServiceCollection().AddTradingDbContext(DatabaseProvider.Postgres, connectionString).BuildServiceProvider();
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
    }
}
