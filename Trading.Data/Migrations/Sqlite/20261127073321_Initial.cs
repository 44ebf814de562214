using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Trading.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "candles",
                columns: table => new
                {
                    exchange = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    symbol_token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    interval = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    time = table.Column<DateTime>(type: "TEXT", nullable: false),
                    open = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    high = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    low = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    close = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    volume = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_candles", x => new { x.exchange, x.symbol_token, x.interval, x.time });
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    friendly_name = table.Column<string>(type: "TEXT", nullable: true),
                    xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "instruments",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    exchange = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    symbol_token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    trading_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    instrument_type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    lot_size = table.Column<int>(type: "INTEGER", nullable: false),
                    tick_size = table.Column<decimal>(type: "TEXT", precision: 10, scale: 4, nullable: false),
                    expiry = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    strike = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    is_tradable = table.Column<bool>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_instruments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "roles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    concurrency_stamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "strategies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    parameter_schema_json = table.Column<string>(type: "TEXT", nullable: false),
                    default_parameters_json = table.Column<string>(type: "TEXT", nullable: false),
                    risk_level = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    minimum_capital = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    is_published = table.Column<bool>(type: "INTEGER", nullable: false),
                    show_performance = table.Column<bool>(type: "INTEGER", nullable: false),
                    algo_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    author = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    author_user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_strategies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    trading_capital = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    risk_profile = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_login_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", nullable: true),
                    security_stamp = table.Column<string>(type: "TEXT", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "TEXT", nullable: true),
                    phone_number = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    lockout_end = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    access_failed_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "role_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    role_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    claim_type = table.Column<string>(type: "TEXT", nullable: true),
                    claim_value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_role_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_role_claims_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "backtests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    strategy_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    parameters_json = table.Column<string>(type: "TEXT", nullable: false),
                    exchange = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    symbol_token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    trading_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    interval = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    from_time = table.Column<DateTime>(type: "TEXT", nullable: false),
                    to_time = table.Column<DateTime>(type: "TEXT", nullable: false),
                    initial_capital = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    total_return_percent = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    max_drawdown_percent = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    win_rate_percent = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    trade_count = table.Column<int>(type: "INTEGER", nullable: false),
                    metrics_json = table.Column<string>(type: "TEXT", nullable: false),
                    equity_curve_json = table.Column<string>(type: "TEXT", nullable: false),
                    error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    completed_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_backtests", x => x.id);
                    table.ForeignKey(
                        name: "fk_backtests_strategies_strategy_id",
                        column: x => x.strategy_id,
                        principalTable: "strategies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_backtests_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "broker_accounts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    broker = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    label = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    is_default = table.Column<bool>(type: "INTEGER", nullable: false),
                    client_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    api_key_encrypted = table.Column<string>(type: "TEXT", nullable: true),
                    pin_encrypted = table.Column<string>(type: "TEXT", nullable: true),
                    totp_secret_encrypted = table.Column<string>(type: "TEXT", nullable: true),
                    sign_in_mode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    jwt_token_encrypted = table.Column<string>(type: "TEXT", nullable: true),
                    refresh_token_encrypted = table.Column<string>(type: "TEXT", nullable: true),
                    feed_token_encrypted = table.Column<string>(type: "TEXT", nullable: true),
                    token_expires_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    api_key_hint = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    static_ip = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    last_verified_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_broker_accounts", x => x.id);
                    table.ForeignKey(
                        name: "fk_broker_accounts_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "login_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    attempted_user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    succeeded = table.Column<bool>(type: "INTEGER", nullable: false),
                    result = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    method = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ip_address = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    user_agent = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_login_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_login_history_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    severity = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    link = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    is_read = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    read_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                    table.ForeignKey(
                        name: "fk_notifications_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "positions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    exchange = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    trading_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    symbol_token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    product_type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    net_quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    average_price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    buy_quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    buy_value = table.Column<decimal>(type: "TEXT", precision: 20, scale: 4, nullable: false),
                    sell_quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    sell_value = table.Column<decimal>(type: "TEXT", precision: 20, scale: 4, nullable: false),
                    realized_pnl = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    charges = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    last_price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    opening_order_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    closing_order_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    opened_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    closed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_positions", x => x.id);
                    table.ForeignKey(
                        name: "fk_positions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "risk_rules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    threshold = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    scope = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    scope_value = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    timing = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_rules", x => x.id);
                    table.ForeignKey(
                        name: "fk_risk_rules_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "trading_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    trading_day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    opening_capital = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    closing_capital = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    realized_pnl = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    charges = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    orders_placed = table.Column<int>(type: "INTEGER", nullable: false),
                    orders_filled = table.Column<int>(type: "INTEGER", nullable: false),
                    orders_rejected = table.Column<int>(type: "INTEGER", nullable: false),
                    success_rate = table.Column<decimal>(type: "TEXT", precision: 7, scale: 4, nullable: false),
                    max_drawdown = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ended_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trading_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_trading_sessions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "user_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    claim_type = table.Column<string>(type: "TEXT", nullable: true),
                    claim_value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_claims_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    provider_key = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    provider_display_name = table.Column<string>(type: "TEXT", nullable: true),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "fk_user_logins_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_passkeys",
                columns: table => new
                {
                    credential_id = table.Column<byte[]>(type: "BLOB", maxLength: 1024, nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_passkeys", x => x.credential_id);
                    table.ForeignKey(
                        name: "fk_user_passkeys_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_roles",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    role_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_roles", x => new { x.user_id, x.role_id });
                    table.ForeignKey(
                        name: "fk_user_roles_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_user_roles_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_strategies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    strategy_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    parameters_json = table.Column<string>(type: "TEXT", nullable: false),
                    symbols_json = table.Column<string>(type: "TEXT", nullable: false),
                    allocated_capital = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    status_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    activated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    paused_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    stopped_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    realized_pnl = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    trade_count = table.Column<int>(type: "INTEGER", nullable: false),
                    winning_trades = table.Column<int>(type: "INTEGER", nullable: false),
                    last_signal_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_strategies", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_strategies_strategies_strategy_id",
                        column: x => x.strategy_id,
                        principalTable: "strategies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_user_strategies_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_tokens",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    login_provider = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "fk_user_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "risk_violations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    risk_rule_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    order_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    observed_value = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    threshold = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    action_taken = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_violations", x => x.id);
                    table.ForeignKey(
                        name: "fk_risk_violations_risk_rules_risk_rule_id",
                        column: x => x.risk_rule_id,
                        principalTable: "risk_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_risk_violations_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "orders",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    broker_account_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    user_strategy_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    trading_session_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    client_order_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    broker_order_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    exchange = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    trading_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    symbol_token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    side = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    order_type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    product_type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    variety = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    validity = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    trigger_price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    stop_loss = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    target = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    filled_quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    average_fill_price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    error_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    error_message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    source = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    tag = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_orders", x => x.id);
                    table.ForeignKey(
                        name: "fk_orders_broker_accounts_broker_account_id",
                        column: x => x.broker_account_id,
                        principalTable: "broker_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_orders_trading_sessions_trading_session_id",
                        column: x => x.trading_session_id,
                        principalTable: "trading_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_orders_user_strategies_user_strategy_id",
                        column: x => x.user_strategy_id,
                        principalTable: "user_strategies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_orders_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "order_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    from_status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    to_status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    raw_reply = table.Column<string>(type: "TEXT", nullable: true),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_order_events_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "trades",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    broker_trade_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    exchange = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    trading_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    side = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    traded_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trades", x => x.id);
                    table.ForeignKey(
                        name: "fk_trades_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_backtests_strategy_id_created_at",
                table: "backtests",
                columns: new[] { "strategy_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_backtests_user_id",
                table: "backtests",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_broker_accounts_user_id",
                table: "broker_accounts",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_broker_accounts_user_id_broker_client_code",
                table: "broker_accounts",
                columns: new[] { "user_id", "broker", "client_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_instruments_exchange_symbol_token",
                table: "instruments",
                columns: new[] { "exchange", "symbol_token" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_instruments_name",
                table: "instruments",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_instruments_trading_symbol",
                table: "instruments",
                column: "trading_symbol");

            migrationBuilder.CreateIndex(
                name: "ix_login_history_occurred_at",
                table: "login_history",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_login_history_user_id_occurred_at",
                table: "login_history",
                columns: new[] { "user_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notifications_user_id_is_read_created_at",
                table: "notifications",
                columns: new[] { "user_id", "is_read", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_order_events_order_id_occurred_at",
                table: "order_events",
                columns: new[] { "order_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_order_events_user_id_occurred_at",
                table: "order_events",
                columns: new[] { "user_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_orders_broker_account_id",
                table: "orders",
                column: "broker_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_broker_order_id",
                table: "orders",
                column: "broker_order_id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_trading_session_id",
                table: "orders",
                column: "trading_session_id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_user_id_client_order_id",
                table: "orders",
                columns: new[] { "user_id", "client_order_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_orders_user_id_created_at_id",
                table: "orders",
                columns: new[] { "user_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_orders_user_id_status_created_at",
                table: "orders",
                columns: new[] { "user_id", "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_orders_user_strategy_id",
                table: "orders",
                column: "user_strategy_id");

            migrationBuilder.CreateIndex(
                name: "ix_positions_user_id_closed_at",
                table: "positions",
                columns: new[] { "user_id", "closed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_positions_user_id_trading_symbol",
                table: "positions",
                columns: new[] { "user_id", "trading_symbol" });

            migrationBuilder.CreateIndex(
                name: "ix_risk_rules_user_id_enabled",
                table: "risk_rules",
                columns: new[] { "user_id", "enabled" });

            migrationBuilder.CreateIndex(
                name: "ix_risk_violations_risk_rule_id",
                table: "risk_violations",
                column: "risk_rule_id");

            migrationBuilder.CreateIndex(
                name: "ix_risk_violations_user_id_occurred_at",
                table: "risk_violations",
                columns: new[] { "user_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_role_claims_role_id",
                table: "role_claims",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "roles",
                column: "normalized_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_strategies_code",
                table: "strategies",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_strategies_is_published",
                table: "strategies",
                column: "is_published");

            migrationBuilder.CreateIndex(
                name: "ix_trades_order_id",
                table: "trades",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_trades_user_id_traded_at",
                table: "trades",
                columns: new[] { "user_id", "traded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_trading_sessions_user_id_trading_day",
                table: "trading_sessions",
                columns: new[] { "user_id", "trading_day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_claims_user_id",
                table: "user_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_logins_user_id",
                table: "user_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_passkeys_user_id",
                table: "user_passkeys",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_roles_role_id",
                table: "user_roles",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_strategies_strategy_id_status",
                table: "user_strategies",
                columns: new[] { "strategy_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_user_strategies_user_id_status",
                table: "user_strategies",
                columns: new[] { "user_id", "status" });

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "users",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "ix_users_status",
                table: "users",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "users",
                column: "normalized_user_name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "backtests");

            migrationBuilder.DropTable(
                name: "candles");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "instruments");

            migrationBuilder.DropTable(
                name: "login_history");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "order_events");

            migrationBuilder.DropTable(
                name: "positions");

            migrationBuilder.DropTable(
                name: "risk_violations");

            migrationBuilder.DropTable(
                name: "role_claims");

            migrationBuilder.DropTable(
                name: "trades");

            migrationBuilder.DropTable(
                name: "user_claims");

            migrationBuilder.DropTable(
                name: "user_logins");

            migrationBuilder.DropTable(
                name: "user_passkeys");

            migrationBuilder.DropTable(
                name: "user_roles");

            migrationBuilder.DropTable(
                name: "user_tokens");

            migrationBuilder.DropTable(
                name: "risk_rules");

            migrationBuilder.DropTable(
                name: "orders");

            migrationBuilder.DropTable(
                name: "roles");

            migrationBuilder.DropTable(
                name: "broker_accounts");

            migrationBuilder.DropTable(
                name: "trading_sessions");

            migrationBuilder.DropTable(
                name: "user_strategies");

            migrationBuilder.DropTable(
                name: "strategies");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
