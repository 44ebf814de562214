using System.Globalization;
using System.Text;

namespace Trading.Web.Components.Account;

/// <summary>
/// What a display name may contain: no control characters, and none of the bidirectional overrides and isolates that
/// make a name render as something else (e.g. "Admin" spelled backwards behind U+202E). Spaces are collapsed.
/// </summary>
public static class DisplayNames
{
    public const int MaxLength = 100;

    public static string Clean(string? name)
    {
        var text = new StringBuilder((name ?? "").Length);
        foreach (var c in (name ?? "").Normalize(NormalizationForm.FormC))
        {
            if (char.IsControl(c) || IsBidiControl(c) || IsInvisibleFormat(c)) continue;
            if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && text[^1] != ' ') text.Append(' ');
                continue;
            }
            text.Append(c);
        }
        var cleaned = text.ToString().Trim();
        return cleaned.Length <= MaxLength ? cleaned : cleaned[..MaxLength].TrimEnd();
    }

    // Zero-width joiners (U+200C, U+200D) shape Indic conjuncts in real names; other format characters only hide text.
    private static bool IsInvisibleFormat(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format && c is not ('\u200C' or '\u200D');

    // LRE, RLE, PDF, LRO, RLO (U+202A–U+202E), LRI, RLI, FSI, PDI (U+2066–U+2069), LRM, RLM, ALM.
    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';
}
