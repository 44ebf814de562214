using Trading.Web.Features.Notifications.Email;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>Notifications, and outgoing email when <c>Email:Smtp:Host</c> is set.</summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NotificationPreferences>();
        builder.Services.AddSingleton<NotificationService>();
        builder.Services.AddSingleton<NotificationEmailSender>();
        builder.AddRecurringJob<NotificationEmailJob>();
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section);
        if (EmailOptions.ConfiguredIn(builder.Configuration)) builder.Services.AddSingleton<IMailer, SmtpMailer>();
        return builder;
    }
}
