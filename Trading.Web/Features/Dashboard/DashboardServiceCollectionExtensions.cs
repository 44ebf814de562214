namespace Trading.Web.Features.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<DashboardService>();
        return builder;
    }
}
