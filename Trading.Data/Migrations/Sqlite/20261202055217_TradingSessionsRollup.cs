using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Trading.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TradingSessionsRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_trading_sessions_users_user_id",
                table: "trading_sessions");

            migrationBuilder.AddColumn<bool>(
                name: "closed_late",
                table: "trading_sessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<decimal>(
                name: "deposits",
                table: "trading_sessions",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "net_pnl",
                table: "trading_sessions",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<int>(
                name: "orders_cancelled",
                table: "trading_sessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<decimal>(
                name: "peak_net_pnl",
                table: "trading_sessions",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<int>(
                name: "rule_breaches",
                table: "trading_sessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "strategies_active",
                table: "trading_sessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<decimal>(
                name: "unrealized_pnl",
                table: "trading_sessions",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<DateTime>(
                name: "updated_at",
                table: "trading_sessions",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<decimal>(
                name: "withdrawals",
                table: "trading_sessions",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.CreateTable(
                name: "capital_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    trading_day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_capital_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_capital_changes_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_trading_sessions_ended_at_trading_day",
                table: "trading_sessions",
                columns: new[] { "ended_at", "trading_day" });

            migrationBuilder.CreateIndex(
                name: "ix_capital_changes_user_id_trading_day",
                table: "capital_changes",
                columns: new[] { "user_id", "trading_day" });

            migrationBuilder.AddForeignKey(
                name: "fk_trading_sessions_users_user_id",
                table: "trading_sessions",
                column: "user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_trading_sessions_users_user_id",
                table: "trading_sessions");

            migrationBuilder.DropTable(
                name: "capital_changes");

            migrationBuilder.DropIndex(
                name: "ix_trading_sessions_ended_at_trading_day",
                table: "trading_sessions");

            migrationBuilder.DropColumn(
                name: "closed_late",
                table: "trading_sessions");

            migrationBuilder.DropColumn(
                name: "deposits",
                table: "trading_sessions");

            migrationBuilder.DropColumn(
                name: "net_pnl",
                table: "trading_sessions");

            migrationBuilder.DropColumn(
                name: "orders_cancelled",
                table: "trading_sessions");

            migrationBuilder.DropColumn(
                name: "peak_net_pnl",
                table: "trading_sessions");

            migrationBuilder.DropColumn(
                name: "rule_breaches",
                table: "trading_sessions");

            migrationBuilder.DropColumn(
                name: "strategies_active",
                table: "trading_sessions");

            migrationBuilder.DropColumn(
                name: "unrealized_pnl",
                table: "trading_sessions");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "trading_sessions");

            migrationBuilder.DropColumn(
                name: "withdrawals",
                table: "trading_sessions");

            migrationBuilder.AddForeignKey(
                name: "fk_trading_sessions_users_user_id",
                table: "trading_sessions",
                column: "user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
