using Trading.Web.Infrastructure;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Orders;

public static class OrdersServiceCollectionExtensions
{
    /// <summary>The order pipeline, its writes (by database), the blotter's reads, reconciliation and partition upkeep.</summary>
    public static IHostApplicationBuilder AddOrders(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (builder.UsesRedis()) services.AddSingleton<IActiveOrderStore, RedisActiveOrderStore>();
        else services.AddSingleton<IActiveOrderStore, MemoryActiveOrderStore>();
        builder.AddForDatabase<IOrderWrites, PostgresOrderWrites, EfOrderWrites>();
        services.AddSingleton<OrderStatusApplier>();
        services.AddSingleton<IPreTradeCheck, AccountActiveCheck>();
        services.AddSingleton<IPreTradeCheck, InstrumentTradableCheck>();
        services.AddSingleton<IPreTradeCheck, MarketOpenCheck>();
        services.AddSingleton<IPreTradeCheck, BracketSupportedCheck>();
        services.AddSingleton<IOrderMarginQuotes, OrderMarginQuotes>();
        services.AddSingleton<BracketLegImporter>();
        services.AddSingleton<IPreTradeCheck, PriceBandCheck>();
        services.AddSingleton<IPreTradeCheck, StopOrderCheck>();
        services.AddSingleton<IPreTradeCheck, DeliverySellCheck>();
        services.AddSingleton<IPreTradeCheck, FundsCheck>();
        services.AddSingleton<OrderPipeline>();
        services.AddSingleton<PlacementLatency>();
        services.AddSingleton<OrderQuery>();
        services.AddHostedService<BrokerOrderUpdateSubscriber>();
        services.AddSingleton<OrderReconciler>();
        builder.AddRecurringJob<ReconciliationJob>();
        if (builder.UsesPostgres())
        {
            services.AddSingleton<OrderPartitionMaintenance>();
            builder.AddRecurringJob<OrderPartitionJob>();
        }
        return builder;
    }
}
