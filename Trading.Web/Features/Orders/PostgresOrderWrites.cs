using System.Text;
using Npgsql;
using Trading.Data.Entities;
using Trading.Web.Features.Positions;
using Trading.Web.Infrastructure;
using static Trading.Web.Infrastructure.PostgresCommands;

namespace Trading.Web.Features.Orders;

/// <summary>
/// The order writes as plain SQL on PostgreSQL, one round trip each (a fill: three, in one transaction). A batch
/// without BEGIN/COMMIT is one implicit transaction, so its rows are stored together or not at all. The same rows as
/// <see cref="EfOrderWrites"/>.
/// </summary>
public sealed class PostgresOrderWrites(NpgsqlDataSource dataSource, PositionBook positions) : IOrderWrites
{
    public async Task<bool> InsertNewAsync(Order o, OrderEvent e, CancellationToken cancellationToken)
    {
        try
        {
            return await InsertOnceAsync(o, e, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation)
        {
            // The month's partition was attached while this row was on its way to the default one (start of a month, first
            // start-up): nothing was stored; the same insert now goes to the new partition.
            return await InsertOnceAsync(o, e, cancellationToken);
        }
    }

    private async Task<bool> InsertOnceAsync(Order o, OrderEvent e, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(
            "INSERT INTO order_client_ids (user_id, client_order_id, order_id, order_created_at) VALUES ($1, $2, $3, $4)",
            o.UserId, o.ClientOrderId, o.Id, o.CreatedAt));
        batch.BatchCommands.Add(Command("""
            INSERT INTO orders (id, user_id, broker_account_id, user_strategy_id, trading_session_id, client_order_id, broker_order_id,
                exchange, trading_symbol, symbol_token, side, order_type, product_type, variety, validity, quantity, price, trigger_price,
                stop_loss, target, status, filled_quantity, average_fill_price, error_code, error_message, source, tag, created_at, updated_at, version,
                parent_order_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30,
                $31)
            """,
            o.Id, o.UserId, o.BrokerAccountId, o.UserStrategyId, o.TradingSessionId, o.ClientOrderId, o.BrokerOrderId,
            o.Exchange.ToString(), o.TradingSymbol, o.SymbolToken, o.Side.ToString(), o.OrderType.ToString(), o.ProductType.ToString(),
            o.Variety.ToString(), o.Validity.ToString(), o.Quantity, o.Price, o.TriggerPrice, o.StopLoss, o.Target, o.Status.ToString(),
            o.FilledQuantity, o.AverageFillPrice, o.ErrorCode, o.ErrorMessage, o.Source.ToString(), o.Tag, o.CreatedAt, o.UpdatedAt, (long)o.Version,
            o.ParentOrderId));
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

    public async Task<bool> SaveChangeAsync(Order o, uint expectedVersion, OrderChangeRows rows, CancellationToken cancellationToken)
    {
        var saved = rows.Trades.Count == 0
            ? await UpdateAsync(o, expectedVersion, rows.Events, cancellationToken)
            : await SaveFillAsync(o, expectedVersion, rows, cancellationToken);
        if (saved) o.Version = expectedVersion + 1;
        return saved;
    }

    /// <summary>The order's new state and its events in one statement (nothing is written if the version moved).</summary>
    private async Task<bool> UpdateAsync(Order o, uint expectedVersion, IReadOnlyList<OrderEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(OrderUpdate(o, expectedVersion, events));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return batch.BatchCommands[0].RecordsAffected > 0;
    }

    /// <summary>A fill: the open position read and locked, then trades + position + order + events in one batch, then commit.</summary>
    private async Task<bool> SaveFillAsync(Order o, uint expectedVersion, OrderChangeRows change, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Position? open = null;
        await using (var read = new NpgsqlCommand("""
            SELECT id, trading_symbol, net_quantity, average_price, buy_quantity, buy_value, sell_quantity, sell_value, realized_pnl, charges,
                last_price, opening_order_id, opened_at
            FROM positions
            WHERE user_id = $1 AND exchange = $2 AND symbol_token = $3 AND product_type = $4 AND closed_at IS NULL
            LIMIT 1 FOR UPDATE
            """, connection, transaction))
        {
            AddValues(read.Parameters, o.UserId, o.Exchange.ToString(), o.SymbolToken, o.ProductType.ToString());
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                open = new Position
                {
                    Id = reader.GetGuid(0), UserId = o.UserId, Exchange = o.Exchange, SymbolToken = o.SymbolToken, ProductType = o.ProductType,
                    TradingSymbol = reader.GetString(1), NetQuantity = reader.GetInt32(2), AveragePrice = reader.GetDecimal(3),
                    BuyQuantity = reader.GetInt32(4), BuyValue = reader.GetDecimal(5), SellQuantity = reader.GetInt32(6), SellValue = reader.GetDecimal(7),
                    RealizedPnl = reader.GetDecimal(8), Charges = reader.GetDecimal(9), LastPrice = reader.IsDBNull(10) ? null : reader.GetDecimal(10),
                    OpeningOrderId = reader.IsDBNull(11) ? null : reader.GetGuid(11), OpenedAt = reader.GetDateTime(12),
                };
            }
        }

        DeliveryDay? day = null;
        if (PositionBook.NeedsDeliveryDay(o, change.InstrumentType))
        {
            var date = IndianTime.DateOf(change.Trades[0].TradedAt);
            await using var sums = new NpgsqlCommand("""
                SELECT side, SUM(quantity)::int, SUM(quantity * price) FROM trades
                WHERE user_id = $1 AND exchange = $2 AND symbol_token = $3 AND product_type = 'Delivery' AND traded_at >= $4 AND traded_at < $5
                GROUP BY side
                """, connection, transaction);
            AddValues(sums.Parameters, o.UserId, o.Exchange.ToString(), o.SymbolToken, IndianTime.StartOfDayUtc(date), IndianTime.EndOfDayUtc(date));
            var rows = new List<(OrderSide, int, decimal)>();
            await using var reader = await sums.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) rows.Add((Enum.Parse<OrderSide>(reader.GetString(0)), reader.GetInt32(1), reader.GetDecimal(2)));
            day = PositionBook.DeliveryDayOf(rows);
        }
        var written = positions.ApplyFills(open, o, change.Trades, change.InstrumentType, day);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var t in change.Trades)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO trades (order_id, user_id, broker_trade_id, exchange, trading_symbol, symbol_token, product_type, side, quantity, price,
                    charges, traded_at, brokerage, stt, exchange_charges, ipft, sebi_fee, stamp_duty, dp_charges, gst)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
                """,
                t.OrderId, t.UserId, t.BrokerTradeId, t.Exchange.ToString(), t.TradingSymbol, t.SymbolToken, t.ProductType.ToString(),
                t.Side.ToString(), t.Quantity, t.Price, t.Charges, t.TradedAt, t.Brokerage, t.Stt, t.ExchangeCharges, t.Ipft, t.SebiFee,
                t.StampDuty, t.DpCharges, t.Gst));
        }
        foreach (var p in written)
        {
            batch.BatchCommands.Add(p.Id == open?.Id
                ? Command("""
                    UPDATE positions SET net_quantity = $2, average_price = $3, buy_quantity = $4, buy_value = $5, sell_quantity = $6, sell_value = $7,
                        realized_pnl = $8, charges = $9, last_price = $10, closing_order_id = $11, closed_at = $12, updated_at = $13
                    WHERE id = $1
                    """,
                    p.Id, p.NetQuantity, p.AveragePrice, p.BuyQuantity, p.BuyValue, p.SellQuantity, p.SellValue, p.RealizedPnl, p.Charges,
                    p.LastPrice, p.ClosingOrderId, p.ClosedAt, p.UpdatedAt)
                : Command("""
                    INSERT INTO positions (id, user_id, exchange, trading_symbol, symbol_token, product_type, net_quantity, average_price, buy_quantity,
                        buy_value, sell_quantity, sell_value, realized_pnl, charges, last_price, opening_order_id, closing_order_id, opened_at, closed_at,
                        updated_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
                    """,
                    p.Id, p.UserId, p.Exchange.ToString(), p.TradingSymbol, p.SymbolToken, p.ProductType.ToString(), p.NetQuantity, p.AveragePrice,
                    p.BuyQuantity, p.BuyValue, p.SellQuantity, p.SellValue, p.RealizedPnl, p.Charges, p.LastPrice, p.OpeningOrderId, p.ClosingOrderId,
                    p.OpenedAt, p.ClosedAt, p.UpdatedAt));
        }
        var orderUpdate = OrderUpdate(o, expectedVersion, change.Events);
        batch.BatchCommands.Add(orderUpdate);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (orderUpdate.RecordsAffected == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static NpgsqlBatchCommand OrderUpdate(Order o, uint expectedVersion, IReadOnlyList<OrderEvent> events)
    {
        var sql = new StringBuilder("""
            WITH changed AS (
                UPDATE orders SET status = $1, broker_order_id = $2, error_code = $3, error_message = $4, quantity = $5, price = $6,
                    trigger_price = $7, updated_at = $8, version = $9, filled_quantity = $13, average_fill_price = $14
                WHERE id = $10 AND created_at = $11 AND version = $12
                RETURNING id, user_id)
            INSERT INTO order_events (order_id, user_id, from_status, to_status, message, raw_reply, occurred_at)
            SELECT changed.id, changed.user_id, e.from_status, e.to_status, e.message, e.raw_reply, $8
            FROM changed CROSS JOIN (VALUES
            """);
        var values = new List<object?>
        {
            o.Status.ToString(), o.BrokerOrderId, o.ErrorCode, o.ErrorMessage, o.Quantity, o.Price, o.TriggerPrice, o.UpdatedAt,
            (long)expectedVersion + 1, o.Id, o.CreatedAt, (long)expectedVersion, o.FilledQuantity, o.AverageFillPrice,
        };
        for (var i = 0; i < events.Count; i++)
        {
            var n = values.Count;
            sql.Append(i == 0 ? "" : ", ").Append($"({i}, ${n + 1}::text, ${n + 2}::text, ${n + 3}::text, ${n + 4}::text)");
            values.AddRange([events[i].FromStatus?.ToString(), events[i].ToStatus.ToString(), events[i].Message, events[i].RawReply]);
        }
        sql.Append(") AS e(n, from_status, to_status, message, raw_reply) ORDER BY e.n");
        return Command(sql.ToString(), [.. values]);
    }
}
