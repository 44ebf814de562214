using System.Net;
using System.Net.Sockets;

namespace Trading.Web.Features.Broker;

/// <summary>Whether text is an IP address written the way people write them: four dotted numbers 0–255, or IPv6.</summary>
public static class IpAddresses
{
    /// <remarks>
    /// <see cref="IPAddress.TryParse(string, out IPAddress)"/> alone takes "300" or "1.2" (old shorthand for 0.0.1.44 and
    /// 1.0.0.2) and IPv6 scope ids; an address registered with a broker is neither.
    /// </remarks>
    public static bool IsValid(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Contains('%') || !IPAddress.TryParse(text, out var address)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6) return text.Contains(':');
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p) <= 255 && (p.Length == 1 || p[0] != '0'));
    }
}
