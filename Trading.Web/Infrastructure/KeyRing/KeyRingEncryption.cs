using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Trading.Web.Infrastructure.KeyRing;

/// <summary>
/// Encrypts a key ring element with the current key-encryption key (AES-256-GCM): the database then holds
/// <c>&lt;kekEncrypted kek="id"&gt;nonce|tag|ciphertext&lt;/kekEncrypted&gt;</c> instead of the key in the clear.
/// </summary>
public sealed class KeyRingEncryptor(KeyEncryptionKeys keys) : IXmlEncryptor
{
    internal static readonly XName ElementName = XName.Get("kekEncrypted", "urn:trading:keyring");
    private static readonly byte[] Purpose = "trading-keyring-v1"u8.ToArray();

    public EncryptedXmlInfo Encrypt(XElement plaintextElement) => new(Seal(keys, plaintextElement), typeof(KeyRingDecryptor));

    internal static XElement Seal(KeyEncryptionKeys keys, XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[12 + 16 + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(keys.Current, 16))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), Purpose);
        }
        CryptographicOperations.ZeroMemory(plaintext);
        return new XElement(ElementName, new XAttribute("kek", keys.CurrentId), Convert.ToBase64String(sealedBytes));
    }

    internal static XElement Open(KeyEncryptionKeys keys, XElement encryptedElement)
    {
        var id = (string?)encryptedElement.Attribute("kek") ?? throw new CryptographicException("The key ring element names no key-encryption key.");
        var key = keys.Find(id) ?? throw new CryptographicException(
            $"The key ring was encrypted with key-encryption key {id}, which is not configured (DataProtection:KeyEncryptionKey or PreviousKeyEncryptionKeys).");
        var sealedBytes = Convert.FromBase64String(encryptedElement.Value);
        var plaintext = new byte[sealedBytes.Length - 28];
        using (var aes = new AesGcm(key, 16))
        {
            aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), plaintext, Purpose);
        }
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

/// <summary>
/// Opens what <see cref="KeyRingEncryptor"/> sealed. Data Protection creates it by type name with the app's services,
/// so a process without the key-encryption key (someone who copied the database) cannot open the key ring.
/// </summary>
public sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        KeyRingEncryptor.Open(services.GetService<KeyEncryptionKeys>()
            ?? throw new CryptographicException("No key-encryption key is configured, so the Data Protection key ring cannot be read."), encryptedElement);
}
