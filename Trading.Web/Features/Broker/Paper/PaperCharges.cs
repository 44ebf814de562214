using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Positions;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Broker.Paper;

/// <summary>What the paper broker debits for a fill: the same charges, at the same dated rates, as the app books for it.</summary>
public sealed class PaperCharges(ChargeCalculator charges)
{
    /// <summary>The stock's delivery fills earlier on the fill's day, when its charges depend on them (null otherwise).</summary>
    public static bool NeedsDeliveryDay(PaperOrder order, Instrument instrument) =>
        ChargeRates.SegmentOf(order.Exchange, instrument.InstrumentType, order.ProductType) == ChargeSegment.EquityDelivery;

    public static async Task<DeliveryDay?> DeliveryDayAsync(TradingDbContext db, PaperOrder order, Instrument instrument, DateTime at,
        CancellationToken cancellationToken)
    {
        if (!NeedsDeliveryDay(order, instrument)) return null;
        var date = IndianTime.DateOf(at);
        var (from, to) = (IndianTime.StartOfDayUtc(date), IndianTime.EndOfDayUtc(date));
        var fills = await db.PaperTrades.AsNoTracking()
            .Where(t => t.BrokerAccountId == order.BrokerAccountId && t.Exchange == order.Exchange && t.SymbolToken == order.SymbolToken
                && t.ProductType == ProductType.Delivery && t.FilledAt >= from && t.FilledAt < to)
            .Select(t => new { t.Side, t.Quantity, t.Price })
            .ToListAsync(cancellationToken);
        return PositionBook.DeliveryDayOf(fills.Select(f => (f.Side, f.Quantity, f.Quantity * f.Price)));
    }

    /// <summary>Sets the fill's charges. A paper order fills in one fill, so brokerage is that of the whole order.</summary>
    public void Charge(PaperTrade fill, Instrument instrument, DeliveryDay? day) =>
        fill.Charges = charges.Calculate(new ChargeFill(fill.Exchange, instrument.InstrumentType, fill.ProductType, fill.Side, fill.Quantity, fill.Price,
            IndianTime.DateOf(fill.FilledAt)), 0m, day).Total;
}
