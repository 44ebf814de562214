using Npgsql;
using Trading.Data.Entities;
using static Trading.Web.Infrastructure.PostgresCommands;

namespace Trading.Web.Features.Broker.Paper;

/// <summary>A new paper order (and its fill when it filled at once) in one round trip on PostgreSQL: the rows of <see cref="EfPaperOrderWrites"/>.</summary>
public sealed class PostgresPaperOrderWrites(NpgsqlDataSource dataSource) : IPaperOrderWrites
{
    public async Task InsertAsync(PaperOrder o, PaperTrade? fill, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command("""
            INSERT INTO paper_orders (id, broker_order_id, broker_account_id, user_id, exchange, symbol_token, trading_symbol, side, order_type,
                product_type, variety, validity, quantity, price, trigger_price, status, filled_quantity, average_price, rejection_reason, tag,
                created_at, updated_at, stop_loss, target, parent_broker_order_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
            """,
            o.Id, o.BrokerOrderId, o.BrokerAccountId, o.UserId, o.Exchange.ToString(), o.SymbolToken, o.TradingSymbol, o.Side.ToString(),
            o.OrderType.ToString(), o.ProductType.ToString(), o.Variety.ToString(), o.Validity.ToString(), o.Quantity, o.Price, o.TriggerPrice,
            o.Status.ToString(), o.FilledQuantity, o.AveragePrice, o.RejectionReason, o.Tag, o.CreatedAt, o.UpdatedAt, o.StopLoss, o.Target, o.ParentBrokerOrderId));
        if (fill is not null)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO paper_trades (paper_order_id, broker_account_id, fill_id, exchange, symbol_token, trading_symbol, side, product_type,
                    quantity, price, filled_at, charges)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                """,
                fill.PaperOrderId, fill.BrokerAccountId, fill.FillId, fill.Exchange.ToString(), fill.SymbolToken, fill.TradingSymbol,
                fill.Side.ToString(), fill.ProductType.ToString(), fill.Quantity, fill.Price, fill.FilledAt, fill.Charges));
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
