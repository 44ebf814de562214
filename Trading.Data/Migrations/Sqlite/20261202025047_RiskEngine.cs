using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Trading.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RiskEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "risk_state",
                table: "user_strategies",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Active");

            migrationBuilder.AddColumn<DateOnly>(
                name: "risk_state_day",
                table: "user_strategies",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "order_request",
                table: "risk_violations",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "timing",
                table: "risk_violations",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "PreTrade");

            migrationBuilder.AddColumn<string>(
                name: "parameter",
                table: "risk_rules",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "threshold_is_percent",
                table: "risk_rules",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<uint>(
                name: "version",
                table: "risk_rules",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.CreateTable(
                name: "trader_risk_states",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    set_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    since = table.Column<DateTime>(type: "TEXT", nullable: false),
                    kill_switch_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    kill_switch_report = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trader_risk_states", x => x.user_id);
                    table.ForeignKey(
                        name: "fk_trader_risk_states_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "trader_risk_states");

            migrationBuilder.DropColumn(
                name: "risk_state",
                table: "user_strategies");

            migrationBuilder.DropColumn(
                name: "risk_state_day",
                table: "user_strategies");

            migrationBuilder.DropColumn(
                name: "order_request",
                table: "risk_violations");

            migrationBuilder.DropColumn(
                name: "timing",
                table: "risk_violations");

            migrationBuilder.DropColumn(
                name: "parameter",
                table: "risk_rules");

            migrationBuilder.DropColumn(
                name: "threshold_is_percent",
                table: "risk_rules");

            migrationBuilder.DropColumn(
                name: "version",
                table: "risk_rules");
        }
    }
}
