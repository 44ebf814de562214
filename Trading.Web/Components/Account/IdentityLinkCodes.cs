using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Trading.Web.Components.Account;

/// <summary>The codes Identity puts in emailed links (confirm email, reset password), encoded for a URL.</summary>
internal static class IdentityLinkCodes
{
    public static string Encode(string code) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(code));

    /// <summary>The code a link carries, or null when it is not one we made (cut short, tampered with, empty).</summary>
    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code)) return null;
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
