using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Trading.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OrdersPipeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_order_events_orders_order_id",
                table: "order_events");

            migrationBuilder.DropForeignKey(
                name: "fk_trades_orders_order_id",
                table: "trades");

            migrationBuilder.DropPrimaryKey(
                name: "pk_orders",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_orders_user_id_client_order_id",
                table: "orders");

            migrationBuilder.AddColumn<decimal>(
                name: "charges",
                table: "trades",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<string>(
                name: "product_type",
                table: "trades",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "symbol_token",
                table: "trades",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddPrimaryKey(
                name: "pk_orders",
                table: "orders",
                columns: new[] { "id", "created_at" });

            migrationBuilder.CreateTable(
                name: "order_client_ids",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    client_order_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    order_created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_client_ids", x => new { x.user_id, x.client_order_id });
                    table.ForeignKey(
                        name: "fk_order_client_ids_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_orders_user_id_client_order_id",
                table: "orders",
                columns: new[] { "user_id", "client_order_id" });

            migrationBuilder.CreateIndex(
                name: "ix_order_client_ids_order_id",
                table: "order_client_ids",
                column: "order_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "order_client_ids");

            migrationBuilder.DropPrimaryKey(
                name: "pk_orders",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_orders_user_id_client_order_id",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "charges",
                table: "trades");

            migrationBuilder.DropColumn(
                name: "product_type",
                table: "trades");

            migrationBuilder.DropColumn(
                name: "symbol_token",
                table: "trades");

            migrationBuilder.AddPrimaryKey(
                name: "pk_orders",
                table: "orders",
                column: "id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_user_id_client_order_id",
                table: "orders",
                columns: new[] { "user_id", "client_order_id" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_order_events_orders_order_id",
                table: "order_events",
                column: "order_id",
                principalTable: "orders",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_trades_orders_order_id",
                table: "trades",
                column: "order_id",
                principalTable: "orders",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
