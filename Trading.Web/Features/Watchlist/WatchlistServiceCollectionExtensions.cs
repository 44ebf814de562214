namespace Trading.Web.Features.Watchlist;

public static class WatchlistServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddWatchlist(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<WatchlistService>();
        return builder;
    }
}
