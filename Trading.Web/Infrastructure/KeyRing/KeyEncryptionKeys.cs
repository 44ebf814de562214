using System.Security.Cryptography;

namespace Trading.Web.Infrastructure.KeyRing;

/// <summary>
/// The key-encryption keys (KEK) that protect the Data Protection key ring at rest: the current one encrypts, previous
/// ones (after a rotation) only decrypt. They never live in the database: they come from configuration (environment,
/// a file), or, outside Production, from a file the app generates in its data folder on first run.
/// </summary>
public sealed class KeyEncryptionKeys
{
    public const string Section = "DataProtection";
    public const int KeyBytes = 32;

    private readonly Dictionary<string, byte[]> _byId;

    private KeyEncryptionKeys(byte[] current, IEnumerable<byte[]> previous)
    {
        Current = current;
        CurrentId = IdOf(current);
        _byId = previous.Append(current).ToDictionary(IdOf, k => k);
    }

    public byte[] Current { get; }
    public string CurrentId { get; }

    public byte[]? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>A key's public name: the start of its SHA-256, so the key ring says which KEK opens it without revealing it.</summary>
    public static string IdOf(byte[] key) => Convert.ToHexString(SHA256.HashData(key))[..16];

    /// <summary>
    /// <c>DataProtection:KeyEncryptionKey</c> (base64 of 32 bytes) or <c>DataProtection:KeyEncryptionKeyFile</c> (a file
    /// holding it), plus <c>DataProtection:PreviousKeyEncryptionKeys</c>. Outside Production, with neither set, one is
    /// generated in <paramref name="dataFolder"/>; in Production the app refuses to start without one.
    /// </summary>
    public static KeyEncryptionKeys Load(IConfiguration configuration, IHostEnvironment environment, string dataFolder)
    {
        var previous = (configuration.GetSection($"{Section}:PreviousKeyEncryptionKeys").Get<string[]>() ?? [])
            .Select(k => Parse(k, $"{Section}:PreviousKeyEncryptionKeys")).ToList();
        if (configuration[$"{Section}:KeyEncryptionKey"] is { Length: > 0 } given)
        {
            return new KeyEncryptionKeys(Parse(given, $"{Section}:KeyEncryptionKey"), previous);
        }
        if (configuration[$"{Section}:KeyEncryptionKeyFile"] is { Length: > 0 } file)
        {
            if (!File.Exists(file)) throw new StartupRefusedException($"{Section}:KeyEncryptionKeyFile names '{file}', which does not exist.");
            return new KeyEncryptionKeys(Parse(File.ReadAllText(file), $"the file {file}"), previous);
        }
        if (environment.IsProduction())
        {
            throw new StartupRefusedException(
                "The Data Protection key ring (which protects broker secrets and sign-in cookies) needs a key-encryption key that is not in the " +
                "database. Set DataProtection__KeyEncryptionKey to 32 random bytes in base64 (e.g. `openssl rand -base64 32`) or " +
                "DataProtection__KeyEncryptionKeyFile to a file holding them. See docs/operations.md.");
        }
        return new KeyEncryptionKeys(GeneratedIn(dataFolder), previous);
    }

    private static byte[] GeneratedIn(string dataFolder)
    {
        var path = Path.Combine(dataFolder, "keyring.kek");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataFolder);
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));
            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream)) writer.Write(key);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return Parse(File.ReadAllText(path), path);
    }

    private static byte[] Parse(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new StartupRefusedException($"The key-encryption key in {source} is not base64.");
        }
        return key.Length == KeyBytes ? key : throw new StartupRefusedException($"The key-encryption key in {source} must be {KeyBytes} bytes (it is {key.Length}).");
    }
}
