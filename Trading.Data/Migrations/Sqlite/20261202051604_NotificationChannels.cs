using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Trading.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NotificationChannels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "digest_id",
                table: "notifications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "in_app",
                table: "notifications",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_digest",
                table: "notifications",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "toast",
                table: "notifications",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "notification_emails",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    notification_id = table.Column<long>(type: "INTEGER", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    sent_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_emails", x => x.id);
                    table.ForeignKey(
                        name: "fk_notification_emails_notifications_notification_id",
                        column: x => x.notification_id,
                        principalTable: "notifications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_notification_emails_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notification_preferences",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    in_app = table.Column<bool>(type: "INTEGER", nullable: false),
                    toast = table.Column<bool>(type: "INTEGER", nullable: false),
                    email = table.Column<bool>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_preferences", x => new { x.user_id, x.kind });
                    table.ForeignKey(
                        name: "fk_notification_preferences_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_notifications_digest_id",
                table: "notifications",
                column: "digest_id");

            migrationBuilder.CreateIndex(
                name: "ix_notification_emails_notification_id",
                table: "notification_emails",
                column: "notification_id");

            migrationBuilder.CreateIndex(
                name: "ix_notification_emails_status_next_attempt_at",
                table: "notification_emails",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notification_emails_user_id_sent_at",
                table: "notification_emails",
                columns: new[] { "user_id", "sent_at" });

            migrationBuilder.AddForeignKey(
                name: "fk_notifications_notifications_digest_id",
                table: "notifications",
                column: "digest_id",
                principalTable: "notifications",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            // Rows written before kinds were fine-grained: the kind their title tells.
            migrationBuilder.Sql("""
                UPDATE notifications SET kind = CASE
                    WHEN kind = 'Order' AND lower(title) LIKE 'rejected%' THEN 'OrderRejected'
                    WHEN kind = 'Order' AND lower(title) LIKE 'cancelled%' THEN 'OrderCancelled'
                    WHEN kind = 'Order' AND lower(title) LIKE 'partly%' THEN 'OrderPartiallyFilled'
                    WHEN kind = 'Order' AND lower(title) LIKE 'filled%' THEN 'OrderFilled'
                    WHEN kind = 'Order' AND lower(title) LIKE 'position in%' THEN 'PositionCorrected'
                    WHEN kind = 'Order' THEN 'OrderSettled'
                    WHEN kind = 'Risk' AND (lower(title) LIKE 'kill switch%' OR lower(title) LIKE 'a late fill%') THEN 'KillSwitch'
                    WHEN kind = 'Risk' AND lower(title) LIKE 'intraday%' THEN 'SquareOff'
                    WHEN kind = 'Risk' THEN 'RiskViolation'
                    WHEN kind = 'StrategySignal' AND lower(title) LIKE '%resumed%' THEN 'StrategyResumed'
                    WHEN kind = 'StrategySignal' AND lower(title) LIKE '%paused%' THEN 'StrategyPaused'
                    WHEN kind = 'StrategySignal' AND (lower(title) LIKE '%suspended' OR lower(title) LIKE '%retired') THEN 'StrategyListing'
                    WHEN kind = 'ServiceHealth' AND lower(title) LIKE 'reconnect%' THEN 'BrokerReconnect'
                    WHEN kind = 'System' THEN 'SystemNews'
                    ELSE kind END
                WHERE kind IN ('Order', 'Risk', 'StrategySignal', 'ServiceHealth', 'System')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_notifications_notifications_digest_id",
                table: "notifications");

            migrationBuilder.DropTable(
                name: "notification_emails");

            migrationBuilder.DropTable(
                name: "notification_preferences");

            migrationBuilder.DropIndex(
                name: "ix_notifications_digest_id",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "digest_id",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "in_app",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "is_digest",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "toast",
                table: "notifications");
        }
    }
}
