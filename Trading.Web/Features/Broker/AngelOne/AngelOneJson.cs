using System.Globalization;
using System.Text.Json;

namespace Trading.Web.Features.Broker.AngelOne;

/// <summary>Reads SmartAPI JSON, where numbers usually arrive as strings ("netqty":"1") and fields may be missing or null.</summary>
public static class AngelOneJson
{
    public static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            }
            : null;

    public static decimal Dec(this JsonElement e, string name) => DecOrNull(e, name) ?? 0m;

    public static decimal? DecOrNull(this JsonElement e, string name) =>
        decimal.TryParse(Str(e, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    public static int Int(this JsonElement e, string name) => (int)Math.Round(Dec(e, name));

    public static IEnumerable<JsonElement> Items(this JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : [];
}
