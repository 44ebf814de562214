using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Trading.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MarketRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "brokerage",
                table: "trades",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "dp_charges",
                table: "trades",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "exchange_charges",
                table: "trades",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "gst",
                table: "trades",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "ipft",
                table: "trades",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "sebi_fee",
                table: "trades",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "stamp_duty",
                table: "trades",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "stt",
                table: "trades",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AlterColumn<Guid>(
                name: "paper_order_id",
                table: "paper_trades",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<decimal>(
                name: "charges",
                table: "paper_trades",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<string>(
                name: "parent_broker_order_id",
                table: "paper_orders",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "stop_loss",
                table: "paper_orders",
                type: "numeric(18,4)",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "target",
                table: "paper_orders",
                type: "numeric(18,4)",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "parent_order_id",
                table: "orders",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "paper_fund_transfers",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    broker_account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_paper_fund_transfers", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_paper_fund_transfers_broker_account_id_at",
                table: "paper_fund_transfers",
                columns: new[] { "broker_account_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "paper_fund_transfers");

            migrationBuilder.DropColumn(
                name: "brokerage",
                table: "trades");

            migrationBuilder.DropColumn(
                name: "dp_charges",
                table: "trades");

            migrationBuilder.DropColumn(
                name: "exchange_charges",
                table: "trades");

            migrationBuilder.DropColumn(
                name: "gst",
                table: "trades");

            migrationBuilder.DropColumn(
                name: "ipft",
                table: "trades");

            migrationBuilder.DropColumn(
                name: "sebi_fee",
                table: "trades");

            migrationBuilder.DropColumn(
                name: "stamp_duty",
                table: "trades");

            migrationBuilder.DropColumn(
                name: "stt",
                table: "trades");

            migrationBuilder.DropColumn(
                name: "charges",
                table: "paper_trades");

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

            migrationBuilder.AlterColumn<Guid>(
                name: "paper_order_id",
                table: "paper_trades",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
