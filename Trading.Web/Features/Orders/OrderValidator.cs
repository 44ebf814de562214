using Trading.Data.Entities;

namespace Trading.Web.Features.Orders;

/// <summary>Field-by-field checks of an order against its instrument. Keys are the ticket's field names.</summary>
public static class OrderValidator
{
    /// <summary>Why an instrument takes no orders: an index (Angel One's type AMXIDX) is a number, not a contract.</summary>
    public static string NotTradable(Instrument instrument) => instrument.InstrumentType.Equals("AMXIDX", StringComparison.OrdinalIgnoreCase)
        ? $"{instrument.TradingSymbol} is an index and cannot be traded: trade its futures or options instead."
        : $"{instrument.TradingSymbol} cannot be traded (an expired or suspended contract).";

    public static Dictionary<string, string> Validate(PlaceOrderRequest r, Instrument? instrument)
    {
        var errors = new Dictionary<string, string>();
        if (instrument is null)
        {
            errors["Instrument"] = "Choose an instrument from the list.";
            return errors;
        }
        if (!instrument.IsTradable) errors["Instrument"] = NotTradable(instrument);
        if (string.IsNullOrWhiteSpace(r.ClientOrderId) || r.ClientOrderId.Length > 64) errors["ClientOrderId"] = "The order needs an id of up to 64 characters.";

        var lot = Math.Max(1, instrument.LotSize);
        if (r.Quantity <= 0) errors["Quantity"] = "Quantity must be more than zero.";
        else if (r.Quantity % lot != 0) errors["Quantity"] = $"Quantity must be a multiple of the lot size {lot} (e.g. {lot}, {lot * 2}).";
        else if (r.Quantity > 1_000_000) errors["Quantity"] = "Quantity is too large.";

        var tick = instrument.TickSize > 0 ? instrument.TickSize : 0.05m;
        if (r.OrderType.UsesLimitPrice())
        {
            if (r.Price is not > 0) errors["Price"] = "Enter a price for a limit order.";
            else if (r.Price.Value % tick != 0) errors["Price"] = $"Price must be a multiple of the tick size {tick:0.00##}.";
        }
        if (r.OrderType.UsesTrigger())
        {
            if (r.TriggerPrice is not > 0) errors["TriggerPrice"] = "Enter a trigger price for a stop-loss order.";
            else if (r.TriggerPrice.Value % tick != 0) errors["TriggerPrice"] = $"Trigger price must be a multiple of the tick size {tick:0.00##}.";
            else if (r.OrderType == OrderType.StopLossLimit && r.Price is > 0)
            {
                if (r.Side == OrderSide.Buy && r.TriggerPrice > r.Price) errors["TriggerPrice"] = "For a stop-loss buy the trigger must not be above the limit price.";
                if (r.Side == OrderSide.Sell && r.TriggerPrice < r.Price) errors["TriggerPrice"] = "For a stop-loss sell the trigger must not be below the limit price.";
            }
        }
        if (r.Variety == OrderVariety.Robo)
        {
            if (r.StopLoss is not > 0) errors["StopLoss"] = "A bracket order needs a stop-loss distance.";
            if (r.Target is not > 0) errors["Target"] = "A bracket order needs a target distance.";
            if (r.ProductType != ProductType.Intraday) errors["ProductType"] = "Bracket orders are intraday only.";
        }
        if (r.Validity == OrderValidity.Ioc && instrument.Exchange is Exchange.MCX or Exchange.NCDEX) errors["Validity"] = "IOC is not allowed on commodities.";
        if (r.ProductType == ProductType.Delivery && instrument.Exchange is not (Exchange.NSE or Exchange.BSE))
            errors["ProductType"] = "Delivery is for cash equity; use carry-forward for futures and options.";
        if (r.Tag is { Length: >= 20 }) errors["Tag"] = "The order tag must be under 20 characters.";
        return errors;
    }
}
