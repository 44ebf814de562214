using System.Diagnostics.CodeAnalysis;

namespace Trading.Web.Infrastructure;

public static class TextLimits
{
    /// <summary>The text cut to fit a column of <paramref name="maxLength"/> characters (null stays null).</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Truncated(this string? text, int maxLength) => text is null || text.Length <= maxLength ? text : text[..maxLength];
}
