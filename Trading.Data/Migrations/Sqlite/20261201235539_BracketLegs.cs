using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Trading.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BracketLegs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "parent_broker_order_id",
                table: "paper_orders",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "stop_loss",
                table: "paper_orders",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "target",
                table: "paper_orders",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "parent_order_id",
                table: "orders",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "parent_broker_order_id",
                table: "paper_orders");

            migrationBuilder.DropColumn(
                name: "stop_loss",
                table: "paper_orders");

            migrationBuilder.DropColumn(
                name: "target",
                table: "paper_orders");

            migrationBuilder.DropColumn(
                name: "parent_order_id",
                table: "orders");
        }
    }
}
