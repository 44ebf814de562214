namespace Trading.Web.Features.Admin;

public static class AdminServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AdminUserService>();
        builder.Services.AddSingleton<AdminAuditLog>();
        builder.Services.AddSingleton<SystemNews>();
        builder.Services.AddSingleton<PlatformOverview>();
        return builder;
    }
}
