using Trading.Data.Entities;
using Trading.Web.Features.Broker;
using Trading.Web.Features.MarketData;

namespace Trading.Web.Features.Orders;

public sealed record PreTradeContext(PlaceOrderRequest Request, Instrument Instrument, IBroker Broker, decimal? LastPrice, decimal? PreviousClose = null);

/// <summary>A check every order passes before it is sent. Returns a message to block it, or null to let it through.</summary>
public interface IPreTradeCheck
{
    Task<string?> CheckAsync(PreTradeContext context, CancellationToken cancellationToken);
}

/// <summary>
/// Orders outside the session are refused unless they are after-market orders (and AMOs only outside it). A broker
/// that trades outside market hours lifts this (paper accounts with <c>Paper:TradeOutsideMarketHours</c>: the embedded
/// demo's simulated feed runs all day).
/// </summary>
public sealed class MarketOpenCheck(MarketCalendar calendar) : IPreTradeCheck
{
    public Task<string?> CheckAsync(PreTradeContext context, CancellationToken cancellationToken)
    {
        if (context.Broker.Capabilities.TradesOutsideMarketHours && context.Request.Variety != OrderVariety.Amo)
        {
            return Task.FromResult<string?>(null);
        }
        var open = calendar.IsOpen(context.Instrument.Exchange);
        var amo = context.Request.Variety == OrderVariety.Amo;
        string? message = (open, amo) switch
        {
            (false, false) => $"{context.Instrument.Exchange} is closed now. Place an after-market order (AMO) or wait for the session.",
            (true, true) => "The market is open: place a regular order instead of an after-market order.",
            _ => null,
        };
        return Task.FromResult(message);
    }
}

/// <summary>A bracket order goes only to a broker that takes them; the broker says why it does not.</summary>
public sealed class BracketSupportedCheck : IPreTradeCheck
{
    public Task<string?> CheckAsync(PreTradeContext context, CancellationToken cancellationToken) =>
        Task.FromResult(context.Request.Variety == OrderVariety.Robo ? context.Broker.Capabilities.BracketOrderRefusal : null);
}

/// <summary>A suspended (or removed) trader places nothing, from whatever source: a page left open, a strategy, a square-off.</summary>
public sealed class AccountActiveCheck(Security.UserAccess access) : IPreTradeCheck
{
    public async Task<string?> CheckAsync(PreTradeContext context, CancellationToken cancellationToken) =>
        await access.IsActiveAsync(context.Request.UserId, cancellationToken) ? null : "This account is not active: orders are refused.";
}

public sealed class InstrumentTradableCheck : IPreTradeCheck
{
    public Task<string?> CheckAsync(PreTradeContext context, CancellationToken cancellationToken) =>
        Task.FromResult(context.Instrument.IsTradable ? null : $"{context.Instrument.TradingSymbol} is not tradable.");
}

/// <summary>
/// Buys and sells alike need their margin (an exit needs none): the broker's figure for the order (the paper margin
/// model, or Angel One's margin calculator) against its available funds, so the broker does not reject it afterwards.
/// </summary>
public sealed class FundsCheck : IPreTradeCheck
{
    public async Task<string?> CheckAsync(PreTradeContext context, CancellationToken cancellationToken)
    {
        var quote = await context.Broker.GetRequiredMarginAsync(context.Request.ToBroker(context.Instrument), context.LastPrice, cancellationToken);
        return quote.Enough ? null : Broker.Paper.PaperRules.InsufficientFunds(quote.Required, quote.Available);
    }
}

/// <summary>Limit and trigger prices inside today's price band around the previous close (<see cref="PriceProtection.Band"/>).</summary>
public sealed class PriceBandCheck(PriceProtection protection, TimeProvider time) : IPreTradeCheck
{
    public Task<string?> CheckAsync(PreTradeContext context, CancellationToken cancellationToken)
    {
        var r = context.Request;
        var band = protection.Band(context.Instrument, r.ProductType, context.PreviousClose, Infrastructure.IndianTime.Today(time));
        return Task.FromResult(PriceProtection.OutsideBand(band, r.OrderType.LimitPrice(r.Price), r.OrderType.TriggerPrice(r.TriggerPrice)));
    }
}

/// <summary>Stop orders on the right side of the market and of their trigger (<see cref="StopOrderRules"/>).</summary>
public sealed class StopOrderCheck : IPreTradeCheck
{
    public Task<string?> CheckAsync(PreTradeContext context, CancellationToken cancellationToken) =>
        Task.FromResult(StopOrderRules.Problem(context.Request.Side, context.Request.OrderType, context.Request.Price, context.Request.TriggerPrice, context.LastPrice));
}

/// <summary>A delivery (CNC) sell needs the shares (holdings, unsettled ones included, and today's delivery buys): no delivery short sells.</summary>
public sealed class DeliverySellCheck : IPreTradeCheck
{
    public async Task<string?> CheckAsync(PreTradeContext context, CancellationToken cancellationToken)
    {
        var r = context.Request;
        if (r.ProductType != ProductType.Delivery || r.Side != OrderSide.Sell) return null;
        var held = await context.Broker.GetDeliveryQuantityAsync(r.Exchange, r.SymbolToken, cancellationToken);
        return Broker.Paper.PaperRules.DeliveryShortSell(context.Instrument.TradingSymbol, r.Quantity, held);
    }
}
