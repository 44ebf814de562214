using Trading.Data.Entities;

namespace Trading.Web.Features.Positions;

public enum ChargeSegment { EquityDelivery, EquityIntraday, Futures, Options, CommodityFutures, CommodityOptions, CurrencyFutures, CurrencyOptions }

public enum ChargeKind { Brokerage, Stt, SttExercise, ExchangeTransaction, Ipft, SebiFee, StampDuty, DpCharge, Gst }

public enum ChargeSide { Both, Buy, Sell }

/// <summary>
/// A dated line of a rate table: applies to its segment, exchange and instrument type when they are set (left out: to
/// any), to its side, from its date. Of the lines that apply, the most specific wins, then the latest.
/// </summary>
public abstract class RateLine
{
    public ChargeSegment? Segment { get; set; }
    public Exchange? Exchange { get; set; }
    public string? InstrumentType { get; set; }
    public ChargeSide Side { get; set; }
    /// <summary>The first IST trade date the line applies to.</summary>
    public DateOnly From { get; set; }
    public decimal Percent { get; set; }
    /// <summary>Where the figure comes from (a circular, the broker's schedule).</summary>
    public string? Source { get; set; }

    private int Specificity => (Exchange is null ? 0 : 4) + (InstrumentType is null ? 0 : 2) + (Segment is null ? 0 : 1);

    private bool Matches(ChargeSegment segment, Exchange exchange, string instrumentType, OrderSide side, DateOnly date) =>
        From <= date
        && (Segment is null || Segment == segment)
        && (Exchange is null || Exchange == exchange)
        && (InstrumentType is null || string.Equals(InstrumentType, instrumentType, StringComparison.OrdinalIgnoreCase))
        && (Side == ChargeSide.Both || Side == ChargeSide.Buy == (side == OrderSide.Buy));

    public static T? Best<T>(IEnumerable<T> lines, ChargeSegment segment, Exchange exchange, string instrumentType, OrderSide side, DateOnly date)
        where T : RateLine
    {
        T? best = null;
        foreach (var line in lines)
        {
            if (!line.Matches(segment, exchange, instrumentType, side, date)) continue;
            if (best is null || line.Specificity > best.Specificity || line.Specificity == best.Specificity && line.From >= best.From) best = line;
        }
        return best;
    }
}

/// <summary>One dated charge: a percent of turnover (with an optional cap and floor, as brokerage has), or a flat amount.</summary>
public sealed class ChargeRate : RateLine
{
    public ChargeKind Charge { get; set; }
    public decimal? Flat { get; set; }
    public decimal? Max { get; set; }
    public decimal? Min { get; set; }

    private decimal _fraction, _fractionOf = -1m;

    /// <summary>The amount on <paramref name="turnover"/>, unrounded (a flat amount is due only when there is turnover).</summary>
    public decimal On(decimal turnover)
    {
        if (turnover == 0) return 0m;
        if (Flat is { } flat) return flat;
        // Percent ÷ 100 once (exact in decimal), so a fill costs a multiplication, not a division: a backtest charges thousands.
        if (_fractionOf != Percent) (_fraction, _fractionOf) = (Percent / 100m, Percent);
        var amount = turnover * _fraction;
        if (Max is { } max) amount = Math.Min(amount, max);
        if (Min is { } min) amount = Math.Max(amount, min);
        return amount;
    }
}

/// <summary>
/// The "Charges" configuration section: the dated rate lines of <c>market-rates.json</c> (sources there). A trade is
/// charged with the most specific line in force on its IST trade date.
/// </summary>
public sealed class ChargeRates
{
    public const string Section = "Charges";

    public List<ChargeRate> Rates { get; set; } = [];

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(ChargeKind, ChargeSegment, Exchange, string, OrderSide, DateOnly), ChargeRate?> _found = new();
    private int _foundFor = -1;

    /// <summary>The line for this charge on <paramref name="date"/>, or null when none applies (the charge is nil).</summary>
    public ChargeRate? Find(ChargeKind charge, ChargeSegment segment, Exchange exchange, string instrumentType, OrderSide side, DateOnly date)
    {
        // Remembered per instance (a reload of the rates binds a new one); a backtest charges thousands of fills on the same lines.
        if (_foundFor != Rates.Count)
        {
            _found.Clear();
            _foundFor = Rates.Count;
        }
        return _found.GetOrAdd((charge, segment, exchange, instrumentType, side, date),
            key => RateLine.Best(Rates.Where(r => r.Charge == key.Item1), key.Item2, key.Item3, key.Item4, key.Item5, key.Item6));
    }

    private DateOnly[] _changes = [];
    private int _changesFor = -1;

    /// <summary>
    /// The first IST trade date after <paramref name="date"/> on which a line starts to apply (lines have no end, so the
    /// lines in force stay the same until then), or null when none does: a backtest looks up a card once per stretch, not per day.
    /// </summary>
    public DateOnly? NextChangeAfter(DateOnly date)
    {
        if (_changesFor != Rates.Count) (_changes, _changesFor) = (Rates.Select(r => r.From).Distinct().Order().ToArray(), Rates.Count);
        var changes = _changes;
        var at = Array.BinarySearch(changes, date);
        var next = at >= 0 ? at + 1 : ~at;
        return next < changes.Length ? changes[next] : null;
    }

    public static ChargeSegment SegmentOf(Exchange exchange, string instrumentType, ProductType product)
    {
        var option = instrumentType.StartsWith("OPT", StringComparison.OrdinalIgnoreCase);
        return exchange switch
        {
            Exchange.NSE or Exchange.BSE => product == ProductType.Delivery ? ChargeSegment.EquityDelivery : ChargeSegment.EquityIntraday,
            Exchange.MCX or Exchange.NCDEX => option ? ChargeSegment.CommodityOptions : ChargeSegment.CommodityFutures,
            Exchange.CDS => option ? ChargeSegment.CurrencyOptions : ChargeSegment.CurrencyFutures,
            _ => option ? ChargeSegment.Options : ChargeSegment.Futures,
        };
    }
}
