using Trading.Data.Entities;

namespace Trading.Web.Features.Positions;

public enum ChargeSegment { EquityDelivery, EquityIntraday, Futures, Options, CommodityFutures, CommodityOptions, Currency }

/// <summary>Rates of one segment, in percent of turnover unless named otherwise.</summary>
public sealed class SegmentRates
{
    /// <summary>Brokerage per executed order is the lower of this flat amount and <see cref="BrokeragePercent"/> of turnover.</summary>
    public decimal BrokerageFlat { get; set; } = 20m;
    /// <summary>Null: always the flat amount (options).</summary>
    public decimal? BrokeragePercent { get; set; }
    public decimal SttBuyPercent { get; set; }
    public decimal SttSellPercent { get; set; }
    public decimal ExchangePercent { get; set; }
    public decimal StampBuyPercent { get; set; }
}

/// <summary>
/// The "Charges" configuration section: Indian charges per segment. Defaults are Angel One's and NSE/MCX's published
/// rates as of late 2026 (brokerage ₹20 or less per order, STT after the October 2024 revision); operators keep them current.
/// </summary>
public sealed class ChargeRates
{
    public const string Section = "Charges";

    public decimal SebiPerCrore { get; set; } = 10m;
    public decimal GstPercent { get; set; } = 18m;

    public Dictionary<ChargeSegment, SegmentRates> Segments { get; set; } = new()
    {
        [ChargeSegment.EquityDelivery] = new() { BrokeragePercent = 0.1m, SttBuyPercent = 0.1m, SttSellPercent = 0.1m, ExchangePercent = 0.00297m, StampBuyPercent = 0.015m },
        [ChargeSegment.EquityIntraday] = new() { BrokeragePercent = 0.03m, SttSellPercent = 0.025m, ExchangePercent = 0.00297m, StampBuyPercent = 0.003m },
        [ChargeSegment.Futures] = new() { BrokeragePercent = 0.03m, SttSellPercent = 0.02m, ExchangePercent = 0.00173m, StampBuyPercent = 0.002m },
        [ChargeSegment.Options] = new() { BrokeragePercent = null, SttSellPercent = 0.1m, ExchangePercent = 0.03503m, StampBuyPercent = 0.003m },
        [ChargeSegment.CommodityFutures] = new() { BrokeragePercent = 0.03m, SttSellPercent = 0.01m, ExchangePercent = 0.0021m, StampBuyPercent = 0.002m },
        [ChargeSegment.CommodityOptions] = new() { BrokeragePercent = null, SttSellPercent = 0.05m, ExchangePercent = 0.0418m, StampBuyPercent = 0.003m },
        [ChargeSegment.Currency] = new() { BrokeragePercent = 0.03m, ExchangePercent = 0.00035m, StampBuyPercent = 0.0001m },
    };

    public static ChargeSegment SegmentOf(Exchange exchange, string instrumentType, ProductType product) => exchange switch
    {
        Exchange.NSE or Exchange.BSE => product == ProductType.Delivery ? ChargeSegment.EquityDelivery : ChargeSegment.EquityIntraday,
        Exchange.MCX or Exchange.NCDEX => instrumentType.StartsWith("OPT", StringComparison.Ordinal) ? ChargeSegment.CommodityOptions : ChargeSegment.CommodityFutures,
        Exchange.CDS => ChargeSegment.Currency,
        _ => instrumentType.StartsWith("OPT", StringComparison.Ordinal) ? ChargeSegment.Options : ChargeSegment.Futures,
    };
}
