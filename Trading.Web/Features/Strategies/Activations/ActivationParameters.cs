using System.Text.Json;
using Trading.Web.Features.Strategies.Marketplace;

namespace Trading.Web.Features.Strategies.Activations;

/// <summary>An activation's parameters: the raw values a trader chose, checked against its version's narrowed schema.</summary>
public static class ActivationParameters
{
    public static IReadOnlyDictionary<string, string?> Read(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new Dictionary<string, string?>()
            : JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? new Dictionary<string, string?>();

    public static string Write(IReadOnlyDictionary<string, string?> values) => JsonSerializer.Serialize(values);

    /// <summary>The schema the trader fills in for a version: the built-in's, narrowed by the entry's ranges.</summary>
    public static IReadOnlyList<ParameterSpec> Schema(string builtInKey, string rangesJson) =>
        BuiltInStrategies.Find(builtInKey) is { } definition ? ParameterRanges.Apply(definition.Schema, ParameterRanges.Read(rangesJson)) : [];

    /// <summary>The strategy for these values on this version, or why not (per field; "" for the whole).</summary>
    public static (IStrategy? Strategy, IReadOnlyDictionary<string, string> Errors) Build(string builtInKey, string rangesJson,
        IReadOnlyDictionary<string, string?> values)
    {
        if (BuiltInStrategies.Find(builtInKey) is not { } definition)
            return (null, new Dictionary<string, string> { [""] = $"The strategy {builtInKey} is not available in this version of the app." });
        return (definition with { Schema = ParameterRanges.Apply(definition.Schema, ParameterRanges.Read(rangesJson)) }).Build(values);
    }

    /// <summary>Every parameter of the schema with the value used (defaults filled in), as stored on the activation.</summary>
    public static IReadOnlyDictionary<string, string?> Normalized(IReadOnlyList<ParameterSpec> schema, IReadOnlyDictionary<string, string?> values)
    {
        var (parameters, _) = StrategyParameters.Parse(schema, values);
        return parameters is null ? values
            : schema.ToDictionary(s => s.Name, s => (string?)StrategyParameters.Show(s, parameters[s.Name]));
    }
}
