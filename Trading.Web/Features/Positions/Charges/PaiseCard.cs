using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Positions;

/// <summary>
/// A <see cref="ChargeCard"/> worked out in whole paise with 64-bit integers: the same figures as the decimal lines (each a
/// percent of turnover rounded half away from zero to the paisa, then capped and floored, or a flat amount; GST on the
/// rounded brokerage + exchange + IPFT + SEBI), several times faster. A backtest charges tens of thousands of fills.
/// A turnover that is not whole paise or is too large for the integers, or a rate that does not fit them, is left to the
/// decimal path (<see cref="TryTotal"/> says false).
/// </summary>
public sealed class PaiseCard
{
    private readonly PaiseLine _brokerage, _stt, _exchange, _ipft, _sebi, _stamp, _gst;

    private PaiseCard(PaiseLine brokerage, PaiseLine stt, PaiseLine exchange, PaiseLine ipft, PaiseLine sebi, PaiseLine stamp, PaiseLine gst) =>
        (_brokerage, _stt, _exchange, _ipft, _sebi, _stamp, _gst) = (brokerage, stt, exchange, ipft, sebi, stamp, gst);

    /// <summary>The card in paise, or null when one of its lines does not fit 64-bit integers (it is then charged in decimal).</summary>
    public static PaiseCard? From(ChargeCard card)
    {
        if (card.Segment == ChargeSegment.EquityDelivery) return null; // its taxes depend on the day's fills
        if (!PaiseLine.TryFrom(card.Brokerage, out var brokerage) || !PaiseLine.TryFrom(card.Stt, out var stt)
            || !PaiseLine.TryFrom(card.Exchange, out var exchange) || !PaiseLine.TryFrom(card.Ipft, out var ipft)
            || !PaiseLine.TryFrom(card.Sebi, out var sebi) || !PaiseLine.TryFrom(card.Stamp, out var stamp)
            || !PaiseLine.TryOfFraction(card.GstFraction, null, null, out var gst))
        {
            return null;
        }
        return new PaiseCard(brokerage, stt, exchange, ipft, sebi, stamp, gst);
    }

    /// <summary>The charges of a fill of <paramref name="turnover"/> (what <see cref="ChargeCalculator.Total"/> gives), when it fits.</summary>
    public bool TryTotal(decimal turnover, out decimal total)
    {
        total = 0m;
        if (!PaiseLine.TryPaise(turnover, out var paise) || paise > PaiseLine.Largest) return false;
        if (!_brokerage.TryOn(paise, out var brokerage) || !_stt.TryOn(paise, out var stt) || !_exchange.TryOn(paise, out var exchange)
            || !_ipft.TryOn(paise, out var ipft) || !_sebi.TryOn(paise, out var sebi) || !_stamp.TryOn(paise, out var stamp)
            || !_gst.TryOn(brokerage + exchange + ipft + sebi, out var gst))
        {
            return false;
        }
        var sum = brokerage + stt + exchange + ipft + sebi + stamp + gst;
        total = Paise.ToRupees(sum);
        return true;
    }
}

/// <summary>One rate line in paise: a flat amount, or round(turnover × multiplier ÷ divisor) then capped and floored; none: nil.</summary>
internal readonly record struct PaiseLine(PaiseLine.Form Kind, long Flat, long Multiplier, long Divisor, long TurnoverLimit, long Cap, long Floor)
{
    internal enum Form : byte { None, Flat, Percent }

    /// <summary>The largest turnover, flat amount or floor taken (an eighth of the range: seven lines and their sum cannot overflow).</summary>
    internal const long Largest = Paise.Limit / 8;

    public static bool TryFrom(ChargeRate? rate, out PaiseLine line)
    {
        line = default;
        if (rate is null) return true; // the charge is nil
        if (rate.Flat is { } flat)
        {
            if (!TryPaise(Round(flat), out var flatPaise) || flatPaise > Largest) return false;
            line = new PaiseLine(Form.Flat, flatPaise, 0, 1, long.MaxValue, long.MaxValue, long.MinValue);
            return true;
        }
        return TryOfFraction(rate.Percent / 100m, rate.Max, rate.Min, out line);
    }

    public static bool TryOfFraction(decimal fraction, decimal? max, decimal? min, out PaiseLine line)
    {
        line = default;
        if (!Paise.TryRatio(fraction, out var multiplier, out var divisor)) return false;
        if (multiplier >= divisor) return false; // a rate of 100% or more is left to decimal
        long cap = long.MaxValue, floor = long.MinValue;
        if (max is { } m && !TryPaise(Round(m), out cap)) return false;
        if (min is { } n && (!TryPaise(Round(n), out floor) || floor > Largest)) return false;
        var limit = multiplier == 0 ? long.MaxValue : (long.MaxValue - divisor / 2) / multiplier;
        line = new PaiseLine(Form.Percent, 0, multiplier, divisor, limit, cap, floor);
        return true;
    }

    /// <summary>
    /// The line's amount on <paramref name="turnover"/> paise (false: too large for the integers). Rounding never
    /// decreases, so it commutes with the cap and the floor: rounding first gives what the decimal line gives.
    /// </summary>
    public bool TryOn(long turnover, out long paise)
    {
        paise = 0;
        if (Kind == Form.None || turnover == 0) return true;
        if (Kind == Form.Flat) { paise = Flat; return true; }
        if (turnover > TurnoverLimit) return false;
        paise = (turnover * Multiplier + Divisor / 2) / Divisor;
        if (paise > Cap) paise = Cap;
        if (paise < Floor) paise = Floor;
        return true;
    }

    /// <summary>A non-negative amount in whole paise.</summary>
    internal static bool TryPaise(decimal amount, out long paise) => Paise.TryFrom(amount, out paise) && paise >= 0;

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
