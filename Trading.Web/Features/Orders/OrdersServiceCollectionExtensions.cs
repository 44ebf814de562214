using Trading.Web.Features.Positions;

namespace Trading.Web.Features.Orders;

public static class OrdersServiceCollectionExtensions
{
    public static IServiceCollection AddOrders(this IServiceCollection services, bool useRedis)
    {
        services.AddOptions<ChargeRates>().BindConfiguration(ChargeRates.Section);
        services.AddSingleton<ChargeCalculator>();
        services.AddSingleton<PositionBook>();
        if (useRedis) services.AddSingleton<IActiveOrderStore, RedisActiveOrderStore>();
        else services.AddSingleton<IActiveOrderStore, MemoryActiveOrderStore>();
        services.AddSingleton<OrderStatusApplier>();
        services.AddSingleton<IPreTradeCheck, InstrumentTradableCheck>();
        services.AddSingleton<IPreTradeCheck, MarketOpenCheck>();
        services.AddSingleton<IPreTradeCheck, BracketSupportedCheck>();
        services.AddSingleton<IPreTradeCheck, FundsCheck>();
        services.AddSingleton<OrderPipeline>();
        services.AddSingleton<OrderQuery>();
        services.AddHostedService<PaperOrderSync>();
        services.AddSingleton<AngelOneOrderUpdates>();
        services.AddHostedService(sp => sp.GetRequiredService<AngelOneOrderUpdates>());
        services.AddSingleton<OrderReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderReconciler>());
        services.AddSingleton<OrderPartitionMaintenance>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderPartitionMaintenance>());
        return services;
    }
}
