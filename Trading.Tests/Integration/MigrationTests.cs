using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Trading.Tests.Integration;

[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class MigrationTests : IAsyncLifetime
{
    private readonly PostgresDatabase _postgres = new();

    public static readonly string[] DataModelTables =
    [
        "users", "roles", "user_roles", "user_claims", "user_logins", "user_tokens", "role_claims", "user_passkeys",
        "login_history", "broker_accounts", "instruments", "orders", "order_events", "trades", "positions",
        "strategies", "user_strategies", "backtests", "candles", "notifications", "trading_sessions",
        "risk_rules", "risk_violations", "data_protection_keys", "watchlist_items", "paper_orders", "paper_trades", "order_client_ids",
    ];

    private static readonly string[] NamedIndexes =
    [
        "ix_orders_user_id_status_created_at",
        "ix_orders_user_id_client_order_id",
        "ix_orders_user_id_created_at_id",
        "ix_positions_user_id_trading_symbol",
        "ix_notifications_user_id_is_read_created_at",
        "ix_login_history_user_id_occurred_at",
        "ix_broker_accounts_user_id",
        "ix_instruments_exchange_symbol_token",
        "ix_order_events_order_id_occurred_at",
        "ix_trades_user_id_traded_at",
        "ix_user_strategies_user_id_status",
        "ix_trading_sessions_user_id_trading_day",
        "ix_risk_rules_user_id_enabled",
        "ix_risk_violations_user_id_occurred_at",
        "ix_strategies_code",
        "ix_watchlist_items_user_id_exchange_symbol_token",
        "ix_paper_orders_broker_account_id_status",
    ];

    public Task InitializeAsync() => _postgres.InitializeAsync();
    public Task DisposeAsync() => _postgres.DisposeAsync();

    [Fact]
    public async Task Postgres_migrates_from_empty_with_every_table_and_index()
    {
        await using var services = TestDb.Services(DatabaseProvider.Postgres, _postgres.ConnectionString);
        await using var db = services.Create();

        Assert.NotEmpty(db.Database.GetMigrations());
        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no PostgreSQL migration covers.");

        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync();
        var tables = await ReadColumnAsync(connection, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
        Assert.All(DataModelTables, t => Assert.Contains(t, tables));
        var indexes = await ReadColumnAsync(connection, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'");
        Assert.All(NamedIndexes, i => Assert.Contains(i, indexes));

        var clientIdKey = await ReadColumnAsync(connection,
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'pk_order_client_ids'");
        Assert.Contains("UNIQUE INDEX pk_order_client_ids ON public.order_client_ids USING btree (user_id, client_order_id)", Assert.Single(clientIdKey));
        var partitioned = await ReadColumnAsync(connection,
            "SELECT c.relname::text FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid");
        Assert.Equal(["orders"], partitioned);
        var orderKey = await ReadColumnAsync(connection, "SELECT indexdef FROM pg_indexes WHERE indexname = 'pk_orders'");
        Assert.Contains("(id, created_at)", Assert.Single(orderKey));
        var moneyType = await ReadColumnAsync(connection,
            "SELECT data_type || '(' || numeric_precision || ',' || numeric_scale || ')' FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'trading_capital'");
        Assert.Equal("numeric(18,2)", Assert.Single(moneyType));
        var statusType = await ReadColumnAsync(connection,
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'status'");
        Assert.Equal("character varying", Assert.Single(statusType));
    }

    [Fact]
    public async Task Postgres_catches_concurrent_order_updates_with_the_version_column()
    {
        await using var services = TestDb.Services(DatabaseProvider.Postgres, _postgres.ConnectionString);
        await using (var db = services.Create())
        {
            await db.Database.MigrateAsync();
        }
        var orderId = await SeedOrderAsync(services);

        await using var first = services.Create();
        await using var second = services.Create();
        var a = await first.Orders.SingleAsync(o => o.Id == orderId);
        var b = await second.Orders.SingleAsync(o => o.Id == orderId);
        a.Status = OrderStatus.Filled;
        await first.SaveChangesAsync();
        b.Status = OrderStatus.Cancelled;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = new NpgsqlConnection(_postgres.ConnectionString);
        await check.OpenAsync();
        var stored = await ReadColumnAsync(check, $"SELECT status FROM orders WHERE id = '{orderId}'");
        Assert.Equal("Filled", Assert.Single(stored));
    }

    [Fact]
    public async Task Sqlite_migrates_from_empty_and_checks_concurrency_with_its_own_counter()
    {
        var file = Path.Combine(Path.GetTempPath(), $"trading-migrate-{Guid.NewGuid():N}.db");
        try
        {
            await using var services = TestDb.Services(DatabaseProvider.Sqlite, $"Data Source={file}");
            await using (var db = services.Create())
            {
                await db.Database.MigrateAsync();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no SQLite migration covers.");
            }

            await using (var connection = new SqliteConnection($"Data Source={file}"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
                var tables = new List<string>();
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
                }
                Assert.All(DataModelTables, t => Assert.Contains(t, tables));
            }

            var orderId = await SeedOrderAsync(services);
            await using var first = services.Create();
            await using var second = services.Create();
            var a = await first.Orders.SingleAsync(o => o.Id == orderId);
            var b = await second.Orders.SingleAsync(o => o.Id == orderId);
            a.Status = OrderStatus.Filled;
            await first.SaveChangesAsync();
            Assert.Equal(1u, a.Version);
            b.Status = OrderStatus.Cancelled;
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

            await using var reread = services.Create();
            var stored = await reread.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId);
            Assert.Equal(OrderStatus.Filled, stored.Status);
            Assert.Equal(DateTimeKind.Utc, stored.CreatedAt.Kind);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Postgres_orders_are_partitioned_by_month_and_coming_months_get_partitions()
    {
        await using var services = TestDb.Services(DatabaseProvider.Postgres, _postgres.ConnectionString);
        await using (var db = services.Create())
        {
            await db.Database.MigrateAsync();
        }
        var maintenance = new Trading.Web.Features.Orders.OrderPartitionMaintenance(services.GetRequiredService<Npgsql.NpgsqlDataSource>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Trading.Web.Features.Orders.OrderPartitionMaintenance>.Instance);

        var created = await maintenance.EnsurePartitionsAsync(new DateTime(2026, 11, 15, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(["orders_y2026m11", "orders_y2026m12", "orders_y2027m01"], created);
        Assert.Empty(await maintenance.EnsurePartitionsAsync(new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc)));

        var november = await SeedOrderAsync(services, new DateTime(2026, 11, 30, 23, 59, 59, DateTimeKind.Utc));
        var december = await SeedOrderAsync(services, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc));
        var march = await SeedOrderAsync(services, new DateTime(2027, 3, 10, 9, 0, 0, DateTimeKind.Utc));
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync();
        async Task<string> PartitionOf(Guid id) => Assert.Single(await ReadColumnAsync(connection, $"SELECT tableoid::regclass::text FROM orders WHERE id = '{id}'"));
        Assert.Equal("orders_y2026m11", await PartitionOf(november));
        Assert.Equal("orders_y2026m12", await PartitionOf(december));
        Assert.Equal("orders_default", await PartitionOf(march));

        // Months later the job creates the next partitions and moves the March row out of the default partition.
        created = await maintenance.EnsurePartitionsAsync(new DateTime(2027, 2, 3, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(["orders_y2027m02", "orders_y2027m03", "orders_y2027m04"], created);
        Assert.Equal("orders_y2027m03", await PartitionOf(march));
        await using var db2 = services.Create();
        Assert.Equal(3, await db2.Orders.CountAsync());
    }

    private static async Task<Guid> SeedOrderAsync(Microsoft.Extensions.DependencyInjection.ServiceProvider services, DateTime? createdAt = null)
    {
        await using var db = services.Create();
        var now = createdAt ?? DateTime.UtcNow;
        var user = new ApplicationUser { Id = Guid.NewGuid(), UserName = $"u{Guid.NewGuid():N}@test", Email = "u@test", DisplayName = "U", CreatedAt = now };
        db.Users.Add(user);
        var order = new Order
        {
            Id = Guid.CreateVersion7(), UserId = user.Id, ClientOrderId = "c-1", Exchange = Exchange.NSE,
            TradingSymbol = "RELIANCE-EQ", SymbolToken = "2885", Side = OrderSide.Buy, OrderType = OrderType.Market,
            ProductType = ProductType.Intraday, Quantity = 1, Status = OrderStatus.Open, Source = OrderSource.Manual,
            CreatedAt = now, UpdatedAt = now,
        };
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order.Id;
    }

    private static async Task<List<string>> ReadColumnAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}
