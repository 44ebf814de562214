using Trading.Data.Entities;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Broker.Paper;

/// <summary>The refusals of the paper broker that a real broker makes too, worded once for the broker and the pre-trade checks.</summary>
public static class PaperRules
{
    /// <summary>
    /// A delivery (CNC) sell needs the shares: holdings, including those bought earlier and not yet settled, and today's
    /// delivery buys. <paramref name="deliveryQuantity"/> is what the account holds in delivery now. Null: allowed.
    /// </summary>
    public static string? DeliveryShortSell(PaperOrder order, int deliveryQuantity) =>
        order.ProductType == ProductType.Delivery && order.Side == OrderSide.Sell ? DeliveryShortSell(order.TradingSymbol, order.Quantity, deliveryQuantity) : null;

    public static string? DeliveryShortSell(string symbol, int quantity, int held) =>
        quantity <= held ? null
            : held <= 0
                ? $"Delivery short sell is not allowed: you hold no {symbol}. Sell intraday (MIS) to go short."
                : $"Delivery sell of {quantity} {symbol} is more than the {held} you hold. Sell at most {held}, or sell intraday (MIS) to go short.";

    /// <summary>Which conversions a broker does: equity intraday ↔ delivery, derivatives intraday ↔ carry forward. Null: allowed.</summary>
    public static string? ConversionProblem(Instrument instrument, PositionConversion c)
    {
        if (c.Quantity <= 0) return "Enter a quantity above zero.";
        if (c.Quantity % Math.Max(1, instrument.LotSize) != 0) return $"Quantity must be a multiple of the lot size {instrument.LotSize}.";
        var equity = instrument.Exchange is Exchange.NSE or Exchange.BSE;
        ProductType[] allowed = equity ? [ProductType.Intraday, ProductType.Delivery] : [ProductType.Intraday, ProductType.CarryForward];
        if (c.From == c.To || !allowed.Contains(c.From) || !allowed.Contains(c.To))
        {
            return equity ? "Equity positions convert between intraday (MIS) and delivery (CNC)." : "Derivative positions convert between intraday (MIS) and carry forward (NRML).";
        }
        if (equity && c.To == ProductType.Delivery && c.Side == OrderSide.Sell) return "A short position cannot become delivery: shares sold short must be bought back the same day.";
        return null;
    }

    public static string InsufficientFunds(decimal required, decimal available) =>
        $"Insufficient funds: margin required {IndianFormat.Rupees(required)}, available {IndianFormat.Rupees(available)}.";
}
