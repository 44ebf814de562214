using System.Text.Json;

namespace Trading.Web.Features.Strategies.Marketplace;

/// <summary>An admin's narrowing of one parameter: its range and default on the marketplace entry.</summary>
public sealed record ParameterRange(decimal Min, decimal Max, decimal Default);

/// <summary>
/// A marketplace entry's defaults and ranges over its built-in strategy's schema. An entry may only narrow what the
/// strategy allows (inside its min and max, on its step); the trader's form and the server check the narrowed schema.
/// </summary>
public static class ParameterRanges
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyDictionary<string, ParameterRange> Read(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new Dictionary<string, ParameterRange>()
            : JsonSerializer.Deserialize<Dictionary<string, ParameterRange>>(json, Json) ?? new Dictionary<string, ParameterRange>();

    public static string Write(IReadOnlyDictionary<string, ParameterRange> ranges) => JsonSerializer.Serialize(ranges, Json);

    /// <summary>The schema a trader fills in: the built-in's, with the entry's ranges and defaults where it sets them.</summary>
    public static IReadOnlyList<ParameterSpec> Apply(IReadOnlyList<ParameterSpec> schema, IReadOnlyDictionary<string, ParameterRange> ranges) =>
        schema.Select(spec => ranges.TryGetValue(spec.Name, out var r) ? spec with { Min = r.Min, Max = r.Max, Default = r.Default } : spec).ToList();

    /// <summary>Why these ranges do not fit the strategy's schema (per parameter), or none.</summary>
    public static IReadOnlyDictionary<string, string> Check(IReadOnlyList<ParameterSpec> schema, IReadOnlyDictionary<string, ParameterRange> ranges)
    {
        var errors = new Dictionary<string, string>();
        foreach (var name in ranges.Keys.Where(n => schema.All(s => s.Name != n))) errors[name] = $"{name} is not a parameter of this strategy.";
        foreach (var spec in schema)
        {
            if (!ranges.TryGetValue(spec.Name, out var r)) continue;
            string Show(decimal v) => StrategyParameters.Show(spec, v);
            if (r.Min < spec.Min || r.Max > spec.Max)
                errors[spec.Name] = $"{spec.Label}: the range must stay inside {Show(spec.Min)}–{Show(spec.Max)}.";
            else if (r.Min > r.Max)
                errors[spec.Name] = $"{spec.Label}: the minimum is above the maximum.";
            else if (r.Default < r.Min || r.Default > r.Max)
                errors[spec.Name] = $"{spec.Label}: the default must be between {Show(r.Min)} and {Show(r.Max)}.";
            else if (spec.Step > 0 && new[] { r.Min, r.Max, r.Default }.Any(v => (v - spec.Min) % spec.Step != 0))
                errors[spec.Name] = $"{spec.Label}: values go in steps of {Show(spec.Step)} from {Show(spec.Min)}.";
        }
        return errors;
    }
}
