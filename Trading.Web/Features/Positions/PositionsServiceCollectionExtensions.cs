namespace Trading.Web.Features.Positions;

public static class PositionsServiceCollectionExtensions
{
    public static IServiceCollection AddPositions(this IServiceCollection services) => services.AddScoped<PositionsService>();
}
