using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Infrastructure;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Notifications.Email;

/// <summary>
/// Sends the queued notification emails: at most <see cref="EmailOptions.MaxPerUserPerHour"/> to a trader an hour (the
/// rest are logged as paced, not sent), each tried up to <see cref="EmailOptions.MaxAttempts"/> times with a growing
/// wait; every email's status, tries and last error stay in <c>notification_emails</c>. Without SMTP nothing is queued.
/// </summary>
public sealed class NotificationEmailSender(IDbContextFactory<TradingDbContext> dbFactory, IOptionsMonitor<EmailOptions> options,
    IOptions<TradingOptions> trading, TimeProvider time, ILogger<NotificationEmailSender> logger, IMailer? mailer = null)
{
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        if (mailer is null) return 0;
        var settings = options.CurrentValue;
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = await db.NotificationEmails.Include(e => e.Notification)
            .Where(e => e.Status == NotificationEmailStatus.Queued && e.NextAttemptAt <= now)
            .OrderBy(e => e.Id).Take(50).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var email in due)
        {
            var hourAgo = now - TimeSpan.FromHours(1);
            var lastHour = await db.NotificationEmails.CountAsync(e => e.UserId == email.UserId && e.Status == NotificationEmailStatus.Sent && e.SentAt > hourAgo,
                cancellationToken);
            if (lastHour >= settings.MaxPerUserPerHour)
            {
                (email.Status, email.LastError) = (NotificationEmailStatus.Paced, $"Not sent: {settings.MaxPerUserPerHour} emails went to this trader in the last hour.");
                await db.SaveChangesAsync(cancellationToken);
                continue;
            }
            var address = await db.Users.Where(u => u.Id == email.UserId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
            if (string.IsNullOrWhiteSpace(address))
            {
                (email.Status, email.LastError) = (NotificationEmailStatus.Failed, "The trader has no email address.");
                await db.SaveChangesAsync(cancellationToken);
                continue;
            }
            email.Attempts++;
            try
            {
                await mailer.SendAsync(address, $"Trading: {email.Subject}", Html(email.Notification!, trading.Value.PublicBaseUrl), cancellationToken);
                (email.Status, email.SentAt, email.LastError) = (NotificationEmailStatus.Sent, time.GetUtcNow().UtcDateTime, null);
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The reason is kept (SMTP says nothing secret); the address and the body are not logged.
                email.LastError = ex.Message.Truncated(500);
                if (email.Attempts >= settings.MaxAttempts) email.Status = NotificationEmailStatus.Failed;
                else email.NextAttemptAt = now + TimeSpan.FromSeconds(30 * (1 << (email.Attempts - 1)));
                logger.LogWarning("Notification email {Id} failed (try {Attempt} of {Max}): {Reason}", email.Id, email.Attempts, settings.MaxAttempts, ex.Message);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        return sent;
    }

    private static string Html(Notification n, string? publicBaseUrl)
    {
        // Links only to the app's own address as configured (never from a request), and only when it is.
        var link = publicBaseUrl is { Length: > 0 } root && n.Link is { Length: > 0 } path
            ? $"<p><a href=\"{WebUtility.HtmlEncode(root.TrimEnd('/') + "/" + path.TrimStart('/'))}\">Open it in Trading</a></p>"
            : "";
        return $"<p><strong>{WebUtility.HtmlEncode(n.Title)}</strong></p><p>{WebUtility.HtmlEncode(n.Body)}</p>{link}" +
            $"<p style=\"color:#666\">{IndianTime.Format(n.CreatedAt, "dd MMM yyyy, HH:mm:ss")} IST. " +
            "You choose which notifications come by email on Trading's notification preferences page.</p>";
    }
}

public sealed class NotificationEmailJob(NotificationEmailSender sender, RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition
{
    public static string JobName => "NotificationEmail";

    public static JobSchedule DefaultSchedule => new() { Every = TimeSpan.FromSeconds(5), FirstRunAfter = TimeSpan.FromSeconds(5), SingleInstance = true };

    protected override Task RunAsync(CancellationToken cancellationToken) => sender.SendDueAsync(cancellationToken);
}
