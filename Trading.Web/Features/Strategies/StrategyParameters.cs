using System.Globalization;

namespace Trading.Web.Features.Strategies;

public enum ParameterType { Integer, Decimal, TimeOfDay }

/// <summary>One parameter a strategy takes, with its allowed range; forms are generated from it and values checked against it.</summary>
public sealed record ParameterSpec(string Name, string Label, ParameterType Type, decimal Min, decimal Max, decimal Step, decimal Default, string Help);

/// <summary>Parsed parameters by name (a time of day is minutes after midnight, IST).</summary>
public sealed class StrategyParameters(IReadOnlyDictionary<string, decimal> values)
{
    public decimal this[string name] => values[name];
    public int Int(string name) => (int)values[name];
    public TimeOnly Time(string name) => TimeOnly.FromTimeSpan(TimeSpan.FromMinutes((double)values[name]));

    /// <summary>
    /// Checks every value against its spec, server-side (a form's limits are only a help): missing ones take the default,
    /// unknown names, unparsable values, values out of range or off the step are refused with a message per field.
    /// </summary>
    public static (StrategyParameters? Parameters, IReadOnlyDictionary<string, string> Errors) Parse(IReadOnlyList<ParameterSpec> specs,
        IReadOnlyDictionary<string, string?> input)
    {
        var errors = new Dictionary<string, string>();
        foreach (var unknown in input.Keys.Where(k => specs.All(s => s.Name != k))) errors[unknown] = $"{unknown} is not a parameter of this strategy.";
        var values = new Dictionary<string, decimal>();
        foreach (var spec in specs)
        {
            var text = input.GetValueOrDefault(spec.Name)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                values[spec.Name] = spec.Default;
                continue;
            }
            if (TryRead(spec.Type, text) is not { } value)
            {
                errors[spec.Name] = spec.Type switch
                {
                    ParameterType.Integer => $"{spec.Label} must be a whole number.",
                    ParameterType.TimeOfDay => $"{spec.Label} must be a time like 15:00.",
                    _ => $"{spec.Label} must be a number.",
                };
                continue;
            }
            if (value < spec.Min || value > spec.Max)
            {
                errors[spec.Name] = $"{spec.Label} must be between {Show(spec, spec.Min)} and {Show(spec, spec.Max)}.";
                continue;
            }
            if (spec.Step > 0 && (value - spec.Min) % spec.Step != 0)
            {
                errors[spec.Name] = $"{spec.Label} goes in steps of {Show(spec, spec.Step)} from {Show(spec, spec.Min)}.";
                continue;
            }
            values[spec.Name] = value;
        }
        return errors.Count > 0 ? (null, errors) : (new StrategyParameters(values), errors);
    }

    private static decimal? TryRead(ParameterType type, string text) => type switch
    {
        ParameterType.Integer => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
        ParameterType.TimeOfDay => TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? (decimal)t.ToTimeSpan().TotalMinutes : null,
        _ => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null,
    };

    public static string Show(ParameterSpec spec, decimal value) => spec.Type == ParameterType.TimeOfDay
        ? TimeOnly.FromTimeSpan(TimeSpan.FromMinutes((double)value)).ToString("HH:mm", CultureInfo.InvariantCulture)
        : value.ToString(spec.Type == ParameterType.Integer ? "0" : "0.####", CultureInfo.InvariantCulture);
}
