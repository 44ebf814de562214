using Microsoft.Extensions.Options;
using Trading.Data.Entities;
using Trading.Web.Features.Positions;
using static Trading.Web.Infrastructure.IndianFormat;

namespace Trading.Web.Features.Broker;

/// <summary>A market-price-protection line: the buffer for last prices under <see cref="Below"/> (null: any).</summary>
public sealed class ProtectionRule : RateLine
{
    public decimal? Below { get; set; }
}

public sealed class PriceProtectionRates
{
    public const string Section = "PriceProtection";
    public List<ProtectionRule> Rules { get; set; } = [];
}

public sealed class PriceBandRule : RateLine;

public sealed class PriceBandRates
{
    public const string Section = "PriceBands";
    public List<PriceBandRule> Rules { get; set; } = [];
}

/// <summary>A market order as it is sent: a limit at <see cref="LimitPrice"/>, <see cref="Percent"/> beyond the last price.</summary>
public sealed record ProtectedPrice(decimal LimitPrice, decimal Percent, decimal LastPrice)
{
    public string Describe(OrderSide side) =>
        $"sent as a limit at {Rupees(LimitPrice)} (market price protection: {Percent:0.##}% {(side == OrderSide.Buy ? "above" : "below")} the last price {Rupees(LastPrice)})";
}

public sealed record PriceBand(decimal Low, decimal High, decimal Percent, decimal PreviousClose);

/// <summary>
/// Market price protection and price bands from the dated lines of <c>market-rates.json</c>. The protected limit is on
/// the instrument's tick and never beyond the buffer: a buy's rounded down, a sell's up.
/// </summary>
public sealed class PriceProtection(IOptionsMonitor<PriceProtectionRates> protection, IOptionsMonitor<PriceBandRates> bands)
{
    public ProtectedPrice Protect(Instrument instrument, ProductType product, OrderSide side, decimal lastPrice, DateOnly date)
    {
        var segment = ChargeRates.SegmentOf(instrument.Exchange, instrument.InstrumentType, product);
        // The band the last price falls in: the tightest "Below" above it that has a line for this instrument, else the unbanded lines.
        var rule = protection.CurrentValue.Rules.Where(r => r.Below is null || lastPrice < r.Below)
            .GroupBy(r => r.Below ?? decimal.MaxValue).OrderBy(band => band.Key)
            .Select(band => RateLine.Best(band, segment, instrument.Exchange, instrument.InstrumentType, side, date))
            .FirstOrDefault(r => r is not null);
        var percent = rule?.Percent ?? 0.5m;
        return new ProtectedPrice(LimitFor(side, lastPrice, percent, instrument.TickSize), percent, lastPrice);
    }

    /// <summary>The limit a market order is sent at: last price ± the protection buffer, kept inside today's price band.</summary>
    public ProtectedPrice MarketLimit(Instrument instrument, ProductType product, OrderSide side, decimal lastPrice, decimal? previousClose, DateOnly date)
    {
        var protectedPrice = Protect(instrument, product, side, lastPrice, date);
        return Band(instrument, product, previousClose, date) is { } band
            ? protectedPrice with { LimitPrice = Math.Clamp(protectedPrice.LimitPrice, band.Low, band.High) }
            : protectedPrice;
    }

    /// <summary>Last price ± percent, on the tick, not beyond the buffer (and at least one tick).</summary>
    public static decimal LimitFor(OrderSide side, decimal lastPrice, decimal percent, decimal tickSize)
    {
        var tick = tickSize > 0 ? tickSize : 0.05m;
        var raw = side == OrderSide.Buy ? lastPrice * (1 + percent / 100m) : lastPrice * (1 - percent / 100m);
        var ticks = side == OrderSide.Buy ? Math.Floor(raw / tick) : Math.Ceiling(raw / tick);
        return Math.Max(tick, ticks * tick);
    }

    /// <summary>The band prices must stay in, around the previous close; null when none applies or the close is unknown.</summary>
    public PriceBand? Band(Instrument instrument, ProductType product, decimal? previousClose, DateOnly date)
    {
        if (previousClose is not > 0) return null;
        var segment = ChargeRates.SegmentOf(instrument.Exchange, instrument.InstrumentType, product);
        var rule = RateLine.Best(bands.CurrentValue.Rules, segment, instrument.Exchange, instrument.InstrumentType, OrderSide.Buy, date);
        if (rule is null) return null;
        var close = previousClose.Value;
        var tick = instrument.TickSize > 0 ? instrument.TickSize : 0.05m;
        var low = Math.Ceiling(close * (1 - rule.Percent / 100m) / tick) * tick;
        var high = Math.Floor(close * (1 + rule.Percent / 100m) / tick) * tick;
        return new PriceBand(low, high, rule.Percent, close);
    }

    /// <summary>Why a limit or trigger price is outside the band (null: inside, or no band).</summary>
    public static string? OutsideBand(PriceBand? band, decimal? price, decimal? trigger)
    {
        if (band is null) return null;
        foreach (var (name, value) in new[] { ("Price", price), ("Trigger price", trigger) })
        {
            if (value is { } v && (v < band.Low || v > band.High))
            {
                return $"{name} {Rupees(v)} is outside today's price band {Rupees(band.Low)} – {Rupees(band.High)} ({band.Percent:0.##}% around the previous close {Rupees(band.PreviousClose)}).";
            }
        }
        return null;
    }
}
