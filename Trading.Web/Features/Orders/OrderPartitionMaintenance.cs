using System.Globalization;
using Npgsql;

namespace Trading.Web.Features.Orders;

/// <summary>
/// PostgreSQL only (registered only there): keeps monthly partitions of <c>orders</c> (UTC months) for this month and
/// the next <see cref="MonthsAhead"/> (<see cref="OrderPartitionJob"/> runs it). Rows that already landed in the
/// DEFAULT partition for a new month are moved into it in the same transaction, so creation never fails on existing data.
/// </summary>
public sealed class OrderPartitionMaintenance(NpgsqlDataSource dataSource, ILogger<OrderPartitionMaintenance> logger)
{
    public const int MonthsAhead = 2;

    /// <summary>Creates missing partitions for the month of <paramref name="nowUtc"/> and the following months. Returns the ones created.</summary>
    public async Task<IReadOnlyList<string>> EnsurePartitionsAsync(DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var created = new List<string>();
        var month = new DateTime(nowUtc.Year, nowUtc.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i <= MonthsAhead; i++, month = month.AddMonths(1))
        {
            var name = PartitionName(month);
            await using var exists = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection);
            exists.Parameters.AddWithValue("name", name);
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!) continue;

            var from = month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var to = month.AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"""
                CREATE TABLE {name} (LIKE orders INCLUDING DEFAULTS);
                WITH moved AS (DELETE FROM orders_default WHERE created_at >= '{from} 00:00:00+00' AND created_at < '{to} 00:00:00+00' RETURNING *)
                INSERT INTO {name} SELECT * FROM moved;
                ALTER TABLE orders ATTACH PARTITION {name} FOR VALUES FROM ('{from} 00:00:00+00') TO ('{to} 00:00:00+00');
                """, connection, transaction);
            await create.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            created.Add(name);
            logger.LogInformation("Created order partition {Partition} for {From}..{To}", name, from, to);
        }
        return created;
    }

    public static string PartitionName(DateTime month) => $"orders_y{month:yyyy}m{month:MM}";
}
