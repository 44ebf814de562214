using Trading.Data.Entities;

namespace Trading.Web.Features.MarketData;

/// <summary>An instrument as the feeds know it: exchange plus the broker's symbol token.</summary>
public readonly record struct InstrumentKey(Exchange Exchange, string Token)
{
    public override string ToString() => $"{Exchange}:{Token}";

    public static bool TryParse(string? value, out InstrumentKey key)
    {
        key = default;
        var colon = value?.IndexOf(':') ?? -1;
        if (colon <= 0 || !Enum.TryParse<Exchange>(value![..colon], out var exchange) || colon == value.Length - 1)
        {
            return false;
        }
        key = new InstrumentKey(exchange, value[(colon + 1)..]);
        return true;
    }
}
