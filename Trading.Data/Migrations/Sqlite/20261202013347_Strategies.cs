using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Trading.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Strategies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The earlier seed's entries had no version and nothing ever ran on them: the marketplace starts afresh.
            migrationBuilder.Sql("DELETE FROM backtests; DELETE FROM user_strategies; DELETE FROM strategies;");

            migrationBuilder.DropIndex(
                name: "ix_strategies_is_published",
                table: "strategies");

            migrationBuilder.DropIndex(
                name: "ix_backtests_user_id",
                table: "backtests");

            migrationBuilder.DropColumn(
                name: "realized_pnl",
                table: "user_strategies");

            migrationBuilder.DropColumn(
                name: "is_published",
                table: "strategies");

            migrationBuilder.DropColumn(
                name: "show_performance",
                table: "strategies");

            migrationBuilder.RenameColumn(
                name: "winning_trades",
                table: "user_strategies",
                newName: "version");

            migrationBuilder.RenameColumn(
                name: "trade_count",
                table: "user_strategies",
                newName: "revision");

            migrationBuilder.RenameColumn(
                name: "symbols_json",
                table: "user_strategies",
                newName: "strategy_version_id");

            migrationBuilder.RenameColumn(
                name: "parameter_schema_json",
                table: "strategies",
                newName: "status_changed_at");

            migrationBuilder.RenameColumn(
                name: "default_parameters_json",
                table: "strategies",
                newName: "parameter_ranges_json");

            migrationBuilder.AddColumn<Guid>(
                name: "broker_account_id",
                table: "user_strategies",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<bool>(
                name: "is_paper",
                table: "user_strategies",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "lots",
                table: "user_strategies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "pause_kind",
                table: "user_strategies",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "product_type",
                table: "user_strategies",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "built_in_key",
                table: "strategies",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "instrument_types",
                table: "strategies",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "strategies",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "status_changed_by",
                table: "strategies",
                type: "TEXT",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "bar_count",
                table: "backtests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<decimal>(
                name: "bars_per_second",
                table: "backtests",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fill_mode",
                table: "backtests",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "lots",
                table: "backtests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<decimal>(
                name: "net_pnl",
                table: "backtests",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "product_type",
                table: "backtests",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "progress_percent",
                table: "backtests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<decimal>(
                name: "slippage_percent",
                table: "backtests",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<Guid>(
                name: "strategy_version_id",
                table: "backtests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "trades_hash",
                table: "backtests",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "trades_json",
                table: "backtests",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "unfilled_signals",
                table: "backtests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "strategy_day_matches",
                columns: table => new
                {
                    user_strategy_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    agreeing = table.Column<int>(type: "INTEGER", nullable: false),
                    total = table.Column<int>(type: "INTEGER", nullable: false),
                    live_pnl = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    replay_pnl = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_strategy_day_matches", x => new { x.user_strategy_id, x.day });
                    table.ForeignKey(
                        name: "fk_strategy_day_matches_user_strategies_user_strategy_id",
                        column: x => x.user_strategy_id,
                        principalTable: "user_strategies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "strategy_signals",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_strategy_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    exchange = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    symbol_token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    bar_time = table.Column<DateTime>(type: "TEXT", nullable: false),
                    signal = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false),
                    client_order_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    order_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_strategy_signals", x => x.id);
                    table.ForeignKey(
                        name: "fk_strategy_signals_user_strategies_user_strategy_id",
                        column: x => x.user_strategy_id,
                        principalTable: "user_strategies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "strategy_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    strategy_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    built_in_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    instrument_types = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    parameter_ranges_json = table.Column<string>(type: "TEXT", nullable: false),
                    risk_level = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    minimum_capital = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    algo_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_strategy_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_strategy_versions_strategies_strategy_id",
                        column: x => x.strategy_id,
                        principalTable: "strategies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_strategy_revisions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_strategy_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false),
                    strategy_version_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    parameters_json = table.Column<string>(type: "TEXT", nullable: false),
                    lots = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_strategy_revisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_strategy_revisions_user_strategies_user_strategy_id",
                        column: x => x.user_strategy_id,
                        principalTable: "user_strategies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_strategy_symbols",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_strategy_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    exchange = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    symbol_token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    trading_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    lot_size = table.Column<int>(type: "INTEGER", nullable: false),
                    position = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    net_quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    last_bar_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    bars_seen = table.Column<int>(type: "INTEGER", nullable: false),
                    working_order_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    working_since = table.Column<DateTime>(type: "TEXT", nullable: true),
                    reprices = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_strategy_symbols", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_strategy_symbols_user_strategies_user_strategy_id",
                        column: x => x.user_strategy_id,
                        principalTable: "user_strategies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_user_strategies_broker_account_id",
                table: "user_strategies",
                column: "broker_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_strategies_status",
                table: "user_strategies",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_user_strategies_strategy_version_id",
                table: "user_strategies",
                column: "strategy_version_id");

            migrationBuilder.CreateIndex(
                name: "ix_strategies_status",
                table: "strategies",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_backtests_user_id_created_at",
                table: "backtests",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_strategy_signals_user_strategy_id_exchange_symbol_token_bar_time",
                table: "strategy_signals",
                columns: new[] { "user_strategy_id", "exchange", "symbol_token", "bar_time" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_strategy_versions_strategy_id_version",
                table: "strategy_versions",
                columns: new[] { "strategy_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_strategy_revisions_user_strategy_id_revision",
                table: "user_strategy_revisions",
                columns: new[] { "user_strategy_id", "revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_strategy_symbols_user_strategy_id_exchange_symbol_token",
                table: "user_strategy_symbols",
                columns: new[] { "user_strategy_id", "exchange", "symbol_token" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_user_strategies_broker_accounts_broker_account_id",
                table: "user_strategies",
                column: "broker_account_id",
                principalTable: "broker_accounts",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_user_strategies_strategy_versions_strategy_version_id",
                table: "user_strategies",
                column: "strategy_version_id",
                principalTable: "strategy_versions",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_user_strategies_broker_accounts_broker_account_id",
                table: "user_strategies");

            migrationBuilder.DropForeignKey(
                name: "fk_user_strategies_strategy_versions_strategy_version_id",
                table: "user_strategies");

            migrationBuilder.DropTable(
                name: "strategy_day_matches");

            migrationBuilder.DropTable(
                name: "strategy_signals");

            migrationBuilder.DropTable(
                name: "strategy_versions");

            migrationBuilder.DropTable(
                name: "user_strategy_revisions");

            migrationBuilder.DropTable(
                name: "user_strategy_symbols");

            migrationBuilder.DropIndex(
                name: "ix_user_strategies_broker_account_id",
                table: "user_strategies");

            migrationBuilder.DropIndex(
                name: "ix_user_strategies_status",
                table: "user_strategies");

            migrationBuilder.DropIndex(
                name: "ix_user_strategies_strategy_version_id",
                table: "user_strategies");

            migrationBuilder.DropIndex(
                name: "ix_strategies_status",
                table: "strategies");

            migrationBuilder.DropIndex(
                name: "ix_backtests_user_id_created_at",
                table: "backtests");

            migrationBuilder.DropColumn(
                name: "broker_account_id",
                table: "user_strategies");

            migrationBuilder.DropColumn(
                name: "is_paper",
                table: "user_strategies");

            migrationBuilder.DropColumn(
                name: "lots",
                table: "user_strategies");

            migrationBuilder.DropColumn(
                name: "pause_kind",
                table: "user_strategies");

            migrationBuilder.DropColumn(
                name: "product_type",
                table: "user_strategies");

            migrationBuilder.DropColumn(
                name: "built_in_key",
                table: "strategies");

            migrationBuilder.DropColumn(
                name: "instrument_types",
                table: "strategies");

            migrationBuilder.DropColumn(
                name: "status",
                table: "strategies");

            migrationBuilder.DropColumn(
                name: "status_changed_by",
                table: "strategies");

            migrationBuilder.DropColumn(
                name: "bar_count",
                table: "backtests");

            migrationBuilder.DropColumn(
                name: "bars_per_second",
                table: "backtests");

            migrationBuilder.DropColumn(
                name: "fill_mode",
                table: "backtests");

            migrationBuilder.DropColumn(
                name: "lots",
                table: "backtests");

            migrationBuilder.DropColumn(
                name: "net_pnl",
                table: "backtests");

            migrationBuilder.DropColumn(
                name: "product_type",
                table: "backtests");

            migrationBuilder.DropColumn(
                name: "progress_percent",
                table: "backtests");

            migrationBuilder.DropColumn(
                name: "slippage_percent",
                table: "backtests");

            migrationBuilder.DropColumn(
                name: "strategy_version_id",
                table: "backtests");

            migrationBuilder.DropColumn(
                name: "trades_hash",
                table: "backtests");

            migrationBuilder.DropColumn(
                name: "trades_json",
                table: "backtests");

            migrationBuilder.DropColumn(
                name: "unfilled_signals",
                table: "backtests");

            migrationBuilder.RenameColumn(
                name: "version",
                table: "user_strategies",
                newName: "winning_trades");

            migrationBuilder.RenameColumn(
                name: "strategy_version_id",
                table: "user_strategies",
                newName: "symbols_json");

            migrationBuilder.RenameColumn(
                name: "revision",
                table: "user_strategies",
                newName: "trade_count");

            migrationBuilder.RenameColumn(
                name: "status_changed_at",
                table: "strategies",
                newName: "parameter_schema_json");

            migrationBuilder.RenameColumn(
                name: "parameter_ranges_json",
                table: "strategies",
                newName: "default_parameters_json");

            migrationBuilder.AddColumn<decimal>(
                name: "realized_pnl",
                table: "user_strategies",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<bool>(
                name: "is_published",
                table: "strategies",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "show_performance",
                table: "strategies",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_strategies_is_published",
                table: "strategies",
                column: "is_published");

            migrationBuilder.CreateIndex(
                name: "ix_backtests_user_id",
                table: "backtests",
                column: "user_id");
        }
    }
}
