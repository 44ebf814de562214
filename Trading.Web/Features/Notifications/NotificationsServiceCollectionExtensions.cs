namespace Trading.Web.Features.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NotificationService>();
        return builder;
    }
}
