using Trading.Web.Infrastructure;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Trading.Data.Entities;

namespace Trading.Web.Features.MarketData;

/// <summary>
/// One entry of Angel One's OpenAPIScripMaster.json. Every field is a string there; numbers are accepted too.
/// Prices in the file are paise: tick_size "5.000000" is ₹0.05, strike "2600000.000000" is ₹26,000.
/// </summary>
public sealed class InstrumentMasterRow
{
    [JsonPropertyName("token")] [JsonConverter(typeof(LooseStringConverter))] public string? Token { get; set; }
    [JsonPropertyName("symbol")] [JsonConverter(typeof(LooseStringConverter))] public string? Symbol { get; set; }
    [JsonPropertyName("name")] [JsonConverter(typeof(LooseStringConverter))] public string? Name { get; set; }
    [JsonPropertyName("expiry")] [JsonConverter(typeof(LooseStringConverter))] public string? Expiry { get; set; }
    [JsonPropertyName("strike")] [JsonConverter(typeof(LooseStringConverter))] public string? Strike { get; set; }
    [JsonPropertyName("lotsize")] [JsonConverter(typeof(LooseStringConverter))] public string? LotSize { get; set; }
    [JsonPropertyName("instrumenttype")] [JsonConverter(typeof(LooseStringConverter))] public string? InstrumentType { get; set; }
    [JsonPropertyName("exch_seg")] [JsonConverter(typeof(LooseStringConverter))] public string? ExchangeSegment { get; set; }
    [JsonPropertyName("tick_size")] [JsonConverter(typeof(LooseStringConverter))] public string? TickSize { get; set; }

    /// <summary>The instrument this row describes, or null when the row is unusable (no token, unknown exchange).</summary>
    public Instrument? ToInstrument(DateTime now)
    {
        if (string.IsNullOrWhiteSpace(Token) || string.IsNullOrWhiteSpace(Symbol)
            || !Enum.TryParse<Exchange>(ExchangeSegment?.Trim(), ignoreCase: true, out var exchange) || !Enum.IsDefined(exchange))
        {
            return null;
        }
        var type = InstrumentType?.Trim() ?? "";
        var tick = ParseDecimal(TickSize) / 100m;
        var strike = ParseDecimal(Strike) / 100m;
        if (exchange == Exchange.CDS && type is "OPTCUR" or "OPTIRC")
        {
            strike /= 100_000m;
        }
        return new Instrument
        {
            Exchange = exchange,
            SymbolToken = Token.Trim(),
            TradingSymbol = Symbol.Trim().Truncated(64),
            Name = (Name?.Trim() ?? "").Truncated(128),
            InstrumentType = type.Truncated(16),
            LotSize = int.TryParse(LotSize, NumberStyles.Integer, CultureInfo.InvariantCulture, out var lot) && lot > 0
                ? lot
                : (int)Math.Max(1, Math.Round(ParseDecimal(LotSize))),
            TickSize = tick > 0 ? tick : 0.05m,
            Strike = strike > 0 ? strike : null,
            Expiry = DateOnly.TryParseExact(Expiry?.Trim(), "ddMMMyyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiry) ? expiry : null,
            IsTradable = type != "AMXIDX",
            UpdatedAt = now,
        };
    }

    private static decimal ParseDecimal(string? value) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0m;

    /// <summary>Reads a JSON string, number or boolean as a string.</summary>
    public sealed class LooseStringConverter : JsonConverter<string?>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => Encoding.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => null,
            _ => SkipAndNull(ref reader),
        };

        public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        private static readonly System.Text.UTF8Encoding Encoding = new(false);

        private static string? SkipAndNull(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return null;
        }
    }
}
