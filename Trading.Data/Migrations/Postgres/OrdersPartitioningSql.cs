namespace Trading.Data.Migrations.Postgres;

/// <summary>The hand-written part of the OrdersPipeline migration: orders as a range-partitioned table and back.</summary>
internal static class OrdersPartitioningSql
{
    private const string Constraints = """
        ALTER TABLE orders ADD CONSTRAINT pk_orders PRIMARY KEY (id, created_at);
        ALTER TABLE orders ADD CONSTRAINT fk_orders_broker_accounts_broker_account_id FOREIGN KEY (broker_account_id) REFERENCES broker_accounts (id) ON DELETE SET NULL;
        ALTER TABLE orders ADD CONSTRAINT fk_orders_trading_sessions_trading_session_id FOREIGN KEY (trading_session_id) REFERENCES trading_sessions (id) ON DELETE SET NULL;
        ALTER TABLE orders ADD CONSTRAINT fk_orders_user_strategies_user_strategy_id FOREIGN KEY (user_strategy_id) REFERENCES user_strategies (id) ON DELETE SET NULL;
        ALTER TABLE orders ADD CONSTRAINT fk_orders_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT;
        CREATE INDEX ix_orders_broker_account_id ON orders (broker_account_id);
        CREATE INDEX ix_orders_broker_order_id ON orders (broker_order_id);
        CREATE INDEX ix_orders_trading_session_id ON orders (trading_session_id);
        CREATE INDEX ix_orders_user_id_client_order_id ON orders (user_id, client_order_id);
        CREATE INDEX ix_orders_user_id_created_at_id ON orders (user_id, created_at, id);
        CREATE INDEX ix_orders_user_id_status_created_at ON orders (user_id, status, created_at);
        CREATE INDEX ix_orders_user_strategy_id ON orders (user_strategy_id);
        """;

    public const string ToPartitioned = $"""
        ALTER TABLE orders RENAME TO orders_unpartitioned;
        CREATE TABLE orders (LIKE orders_unpartitioned INCLUDING DEFAULTS) PARTITION BY RANGE (created_at);
        CREATE TABLE orders_default PARTITION OF orders DEFAULT;
        INSERT INTO orders SELECT * FROM orders_unpartitioned;
        DROP TABLE orders_unpartitioned;
        {Constraints}
        """;

    public const string ToPlain = $"""
        ALTER TABLE orders RENAME TO orders_partitioned;
        CREATE TABLE orders (LIKE orders_partitioned INCLUDING DEFAULTS);
        INSERT INTO orders SELECT * FROM orders_partitioned;
        DROP TABLE orders_partitioned CASCADE;
        {Constraints}
        """;
}
