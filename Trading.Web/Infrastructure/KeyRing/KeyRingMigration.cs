using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Trading.Data;

namespace Trading.Web.Infrastructure.KeyRing;

/// <summary>
/// At start-up, before anything reads the key ring: a key stored in the clear (written before the key ring was
/// protected) is sealed with the current key-encryption key in place, and one sealed with a previous key-encryption key
/// is sealed again with the current one. The keys themselves do not change, so every ciphertext (broker secrets,
/// cookies) keeps working.
/// </summary>
public static class KeyRingMigration
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName RequiresEncryption = DataProtection + "requiresEncryption";
    private static readonly XName EncryptedSecret = DataProtection + "encryptedSecret";

    /// <summary>Returns how many stored keys it sealed (or sealed again).</summary>
    public static async Task<int> ProtectStoredKeysAsync(TradingDbContext db, KeyEncryptionKeys keys, ILogger logger, CancellationToken cancellationToken = default)
    {
        var changed = 0;
        foreach (var row in await db.DataProtectionKeys.ToListAsync(cancellationToken))
        {
            if (row.Xml is null) continue;
            var key = XElement.Parse(row.Xml);
            var touched = false;
            foreach (var clear in key.Descendants().Where(e => (string?)e.Attribute(RequiresEncryption) == "true").ToList())
            {
                clear.ReplaceWith(Secret(KeyRingEncryptor.Seal(keys, clear)));
                touched = true;
            }
            foreach (var sealedByOlder in key.Descendants(KeyRingEncryptor.ElementName).Where(e => (string?)e.Attribute("kek") != keys.CurrentId).ToList())
            {
                var kek = (string?)sealedByOlder.Attribute("kek");
                if (kek is null || keys.Find(kek) is null)
                {
                    throw new StartupRefusedException(
                        $"The stored Data Protection key ring is sealed with key-encryption key {kek ?? "(unnamed)"}, which is not configured. Start with that key " +
                        "as DataProtection:KeyEncryptionKey, or, when rotating, list it under DataProtection:PreviousKeyEncryptionKeys. See docs/operations.md.");
                }
                sealedByOlder.ReplaceWith(KeyRingEncryptor.Seal(keys, KeyRingEncryptor.Open(keys, sealedByOlder)));
                touched = true;
            }
            if (!touched) continue;
            row.Xml = key.ToString(SaveOptions.DisableFormatting);
            changed++;
        }
        if (changed > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Sealed {Count} Data Protection keys with key-encryption key {Kek}", changed, keys.CurrentId);
        }
        return changed;
    }

    /// <summary>The element Data Protection itself writes around an encryptor's output, naming the decryptor to use.</summary>
    private static XElement Secret(XElement encrypted) =>
        new(EncryptedSecret, new XAttribute("decryptorType", typeof(KeyRingDecryptor).AssemblyQualifiedName!), encrypted);
}
