using Trading.Data.Entities;

namespace Trading.Web.Features.Broker.Paper;

/// <summary>
/// Bracket (ROBO) orders on paper as Angel One runs them: once the entry fills, a target leg (a limit) and a stop-loss
/// leg (SL-M) go in on the other side for the filled quantity, at the fill price ± their points on the tick; whichever
/// fills first cancels the other (one-cancels-other). Pure: the engine stores, tracks and publishes what this returns.
/// </summary>
public static class PaperBracket
{
    public static IReadOnlyList<PaperOrder> Legs(PaperOrder entry, decimal tickSize, DateTime now, Func<string> newBrokerOrderId)
    {
        if (entry.Variety != OrderVariety.Robo || entry.ParentBrokerOrderId is not null || entry.Status != PaperOrderStatus.Complete
            || entry.AveragePrice is not { } fill || entry.StopLoss is not > 0 || entry.Target is not > 0)
        {
            return [];
        }
        var tick = tickSize > 0 ? tickSize : 0.05m;
        decimal OnTick(decimal price) => Math.Max(tick, Math.Round(price / tick, MidpointRounding.AwayFromZero) * tick);
        var buy = entry.Side == OrderSide.Buy;
        PaperOrder Leg(OrderType type, decimal? price, decimal? trigger) => new()
        {
            Id = Guid.CreateVersion7(),
            BrokerOrderId = newBrokerOrderId(),
            BrokerAccountId = entry.BrokerAccountId,
            UserId = entry.UserId,
            Exchange = entry.Exchange,
            SymbolToken = entry.SymbolToken,
            TradingSymbol = entry.TradingSymbol,
            Side = buy ? OrderSide.Sell : OrderSide.Buy,
            OrderType = type,
            ProductType = entry.ProductType,
            Variety = OrderVariety.Robo,
            Validity = OrderValidity.Day,
            Quantity = entry.FilledQuantity,
            Price = price,
            TriggerPrice = trigger,
            Status = PaperOrderStatuses.Initial(type),
            ParentBrokerOrderId = entry.BrokerOrderId,
            Tag = entry.Tag,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return
        [
            Leg(OrderType.Limit, OnTick(buy ? fill + entry.Target.Value : fill - entry.Target.Value), null),
            Leg(OrderType.StopLossMarket, null, OnTick(buy ? fill - entry.StopLoss.Value : fill + entry.StopLoss.Value)),
        ];
    }
}
