using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Trading.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BrokerAndMarketData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "paper_orders",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    broker_order_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    broker_account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    exchange = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    symbol_token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    trading_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    side = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    order_type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    product_type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    variety = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    validity = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    trigger_price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    filled_quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    average_price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    rejection_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    tag = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_paper_orders", x => x.id);
                    table.ForeignKey(
                        name: "fk_paper_orders_broker_accounts_broker_account_id",
                        column: x => x.broker_account_id,
                        principalTable: "broker_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "watchlist_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    exchange = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    symbol_token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    trading_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    sort_order = table.Column<int>(type: "INTEGER", nullable: false),
                    added_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_watchlist_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_watchlist_items_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "paper_trades",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    paper_order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    broker_account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    fill_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    exchange = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    symbol_token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    trading_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    side = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    product_type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    filled_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_paper_trades", x => x.id);
                    table.ForeignKey(
                        name: "fk_paper_trades_paper_orders_paper_order_id",
                        column: x => x.paper_order_id,
                        principalTable: "paper_orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_paper_orders_broker_account_id_status",
                table: "paper_orders",
                columns: new[] { "broker_account_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_paper_orders_broker_order_id",
                table: "paper_orders",
                column: "broker_order_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_paper_orders_exchange_symbol_token_status",
                table: "paper_orders",
                columns: new[] { "exchange", "symbol_token", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_paper_trades_broker_account_id_filled_at",
                table: "paper_trades",
                columns: new[] { "broker_account_id", "filled_at" });

            migrationBuilder.CreateIndex(
                name: "ix_paper_trades_paper_order_id",
                table: "paper_trades",
                column: "paper_order_id");

            migrationBuilder.CreateIndex(
                name: "ix_watchlist_items_user_id_exchange_symbol_token",
                table: "watchlist_items",
                columns: new[] { "user_id", "exchange", "symbol_token" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "paper_trades");

            migrationBuilder.DropTable(
                name: "watchlist_items");

            migrationBuilder.DropTable(
                name: "paper_orders");
        }
    }
}
