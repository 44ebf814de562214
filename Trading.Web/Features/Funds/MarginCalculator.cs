using Microsoft.Extensions.Options;
using Trading.Data.Entities;
using Trading.Web.Features.Positions;

namespace Trading.Web.Features.Funds;

/// <summary>What an instrument is, for margins: its type and strike.</summary>
public sealed record MarginInstrument(Exchange Exchange, string InstrumentType, decimal? Strike);

/// <summary>
/// The paper margin model: a position of <c>net</c> blocks the rule's percent of |net| × price (or × strike for an
/// option written). An order needs what it adds to its position's margin, so an exit needs none.
/// </summary>
public sealed class MarginCalculator(IOptionsMonitor<MarginRates> options)
{
    public decimal ForPosition(MarginInstrument instrument, ProductType product, int net, decimal price, DateOnly date)
    {
        if (net == 0) return 0m;
        var segment = ChargeRates.SegmentOf(instrument.Exchange, instrument.InstrumentType, product);
        var side = net > 0 ? OrderSide.Buy : OrderSide.Sell;
        var rule = RateLine.Best(options.CurrentValue.Rules, segment, instrument.Exchange, instrument.InstrumentType, side, date);
        var percent = rule?.Percent ?? 100m;
        var basis = rule is { OnStrike: true } && instrument.Strike is > 0 ? instrument.Strike.Value : price;
        return Math.Round(Math.Abs(net) * basis * percent / 100m, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>The margin an order adds to its position (<paramref name="net"/> now), at <paramref name="price"/>.</summary>
    public decimal ForOrder(MarginInstrument instrument, ProductType product, int net, OrderSide side, int quantity, decimal price, DateOnly date)
    {
        var after = net + (side == OrderSide.Buy ? quantity : -quantity);
        return Math.Max(0m, ForPosition(instrument, product, after, price, date) - ForPosition(instrument, product, net, price, date));
    }
}
