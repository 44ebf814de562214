using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Trading.Data.Migrations.Postgres
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
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Active");

            migrationBuilder.AddColumn<DateOnly>(
                name: "risk_state_day",
                table: "user_strategies",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "order_request",
                table: "risk_violations",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "timing",
                table: "risk_violations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "PreTrade");

            migrationBuilder.AddColumn<string>(
                name: "parameter",
                table: "risk_rules",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "threshold_is_percent",
                table: "risk_rules",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "risk_rules",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.CreateTable(
                name: "trader_risk_states",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    set_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    since = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    kill_switch_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    kill_switch_report = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
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
                name: "xmin",
                table: "risk_rules");
        }
    }
}
