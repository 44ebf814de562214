using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Trading.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RiskPeak : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "peak_day",
                table: "trader_risk_states",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "peak_pnl",
                table: "trader_risk_states",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "peak_day",
                table: "trader_risk_states");

            migrationBuilder.DropColumn(
                name: "peak_pnl",
                table: "trader_risk_states");
        }
    }
}
