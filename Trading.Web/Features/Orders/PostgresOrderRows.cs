using System.Text;
using Npgsql;
using Trading.Data.Entities;

namespace Trading.Web.Features.Orders;

/// <summary>
/// The order writes of the placement path as plain SQL on PostgreSQL, one round trip each (EF Core's own work per
/// save costs more than the database's here; SQLite keeps the EF Core path). A batch without BEGIN/COMMIT is one
/// implicit transaction, so its rows are stored together or not at all.
/// </summary>
internal static class PostgresOrderRows
{
    /// <summary>The idempotency key, the order and its first event. False when the client order id is taken.</summary>
    public static async Task<bool> InsertNewAsync(NpgsqlDataSource dataSource, Order o, OrderEvent e, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(
            "INSERT INTO order_client_ids (user_id, client_order_id, order_id, order_created_at) VALUES ($1, $2, $3, $4)",
            o.UserId, o.ClientOrderId, o.Id, o.CreatedAt));
        batch.BatchCommands.Add(Command("""
            INSERT INTO orders (id, user_id, broker_account_id, user_strategy_id, trading_session_id, client_order_id, broker_order_id,
                exchange, trading_symbol, symbol_token, side, order_type, product_type, variety, validity, quantity, price, trigger_price,
                stop_loss, target, status, filled_quantity, average_fill_price, error_code, error_message, source, tag, created_at, updated_at, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)
            """,
            o.Id, o.UserId, o.BrokerAccountId, o.UserStrategyId, o.TradingSessionId, o.ClientOrderId, o.BrokerOrderId,
            o.Exchange.ToString(), o.TradingSymbol, o.SymbolToken, o.Side.ToString(), o.OrderType.ToString(), o.ProductType.ToString(),
            o.Variety.ToString(), o.Validity.ToString(), o.Quantity, o.Price, o.TriggerPrice, o.StopLoss, o.Target, o.Status.ToString(),
            o.FilledQuantity, o.AverageFillPrice, o.ErrorCode, o.ErrorMessage, o.Source.ToString(), o.Tag, o.CreatedAt, o.UpdatedAt, (long)o.Version));
        batch.BatchCommands.Add(Command("""
            INSERT INTO order_events (order_id, user_id, from_status, to_status, message, raw_reply, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            e.OrderId, e.UserId, e.FromStatus?.ToString(), e.ToStatus.ToString(), e.Message, e.RawReply, e.OccurredAt));
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
    }

    /// <summary>
    /// The order's new status (and what a status change may alter) if it is still at <paramref name="expectedVersion"/>,
    /// with its events, in one statement. False when the order changed meanwhile: nothing is written then.
    /// </summary>
    public static async Task<bool> UpdateAsync(NpgsqlDataSource dataSource, Order o, uint expectedVersion, IReadOnlyList<OrderEvent> events,
        CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("""
            WITH changed AS (
                UPDATE orders SET status = $1, broker_order_id = $2, error_code = $3, error_message = $4, quantity = $5, price = $6,
                    trigger_price = $7, updated_at = $8, version = $9
                WHERE id = $10 AND created_at = $11 AND version = $12
                RETURNING id, user_id)
            INSERT INTO order_events (order_id, user_id, from_status, to_status, message, raw_reply, occurred_at)
            SELECT changed.id, changed.user_id, e.from_status, e.to_status, e.message, e.raw_reply, $8
            FROM changed CROSS JOIN (VALUES
            """);
        var values = new List<object?>
        {
            o.Status.ToString(), o.BrokerOrderId, o.ErrorCode, o.ErrorMessage, o.Quantity, o.Price, o.TriggerPrice, o.UpdatedAt,
            (long)expectedVersion + 1, o.Id, o.CreatedAt, (long)expectedVersion,
        };
        for (var i = 0; i < events.Count; i++)
        {
            var n = values.Count;
            sql.Append(i == 0 ? "" : ", ").Append($"({i}, ${n + 1}::text, ${n + 2}::text, ${n + 3}::text, ${n + 4}::text)");
            values.AddRange([events[i].FromStatus?.ToString(), events[i].ToStatus.ToString(), events[i].Message, events[i].RawReply]);
        }
        sql.Append(") AS e(n, from_status, to_status, message, raw_reply) ORDER BY e.n");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql.ToString(), connection);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    internal static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return command;
    }
}
