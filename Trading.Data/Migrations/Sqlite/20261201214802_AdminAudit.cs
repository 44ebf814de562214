using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Trading.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AdminAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "admin_audit",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    admin_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    admin_email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    target_user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    target_email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    details = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_admin_audit", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_admin_audit_admin_id_occurred_at",
                table: "admin_audit",
                columns: new[] { "admin_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_admin_audit_occurred_at",
                table: "admin_audit",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_admin_audit_target_user_id_occurred_at",
                table: "admin_audit",
                columns: new[] { "target_user_id", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "admin_audit");
        }
    }
}
