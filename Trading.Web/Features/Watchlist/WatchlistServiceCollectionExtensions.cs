namespace Trading.Web.Features.Watchlist;

public static class WatchlistServiceCollectionExtensions
{
    public static IServiceCollection AddWatchlist(this IServiceCollection services) =>
        services.AddScoped<WatchlistService>();
}
