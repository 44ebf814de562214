using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Trading.Web.Features.Broker;

/// <summary>
/// Encrypts broker secrets (API key, PIN, TOTP secret, session tokens) with ASP.NET Core Data Protection before they
/// reach the database. The key ring lives in the database too, so every instance can decrypt; it is sealed with a
/// key-encryption key kept outside the database (Infrastructure/KeyRing), so a copy of the database opens nothing.
/// </summary>
public sealed class BrokerSecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Trading.Broker.Secrets.v1");

    public string? Protect(string? plaintext) => string.IsNullOrEmpty(plaintext) ? null : _protector.Protect(plaintext);

    public string? Unprotect(string? ciphertext)
    {
        if (string.IsNullOrEmpty(ciphertext)) return null;
        try
        {
            return _protector.Unprotect(ciphertext);
        }
        catch (CryptographicException)
        {
            // A lost key ring makes stored secrets unreadable: treat as "not stored", the trader re-enters them.
            return null;
        }
    }

    /// <summary>"••••1234": enough to recognise a key, never enough to use it.</summary>
    public static string Mask(string? hint) => string.IsNullOrEmpty(hint) ? "" : "••••" + hint;

    public static string? HintOf(string? secret) => string.IsNullOrEmpty(secret) ? null : secret.Length <= 4 ? secret[^1..] : secret[^4..];
}
