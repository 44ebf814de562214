namespace Trading.Data.Entities;

public enum BrokerKind { Paper, AngelOne }

public enum BrokerSignInMode
{
    /// <summary>The TOTP secret is stored; the app signs in every day by itself.</summary>
    Automatic,
    /// <summary>The secret is never stored; the trader types the 6-digit code.</summary>
    AskForCode,
}

public enum BrokerAccountStatus { NotConnected, Connected, ReconnectNeeded, Error, Disabled }

/// <summary>A trader's broker login. Every *Encrypted column holds Data Protection ciphertext only.</summary>
public class BrokerAccount : IVersioned
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public BrokerKind Broker { get; set; }
    public string Label { get; set; } = "";
    public bool IsDefault { get; set; }
    public string? ClientCode { get; set; }
    public string? ApiKeyEncrypted { get; set; }
    public string? PinEncrypted { get; set; }
    public string? TotpSecretEncrypted { get; set; }
    public BrokerSignInMode SignInMode { get; set; } = BrokerSignInMode.AskForCode;
    public string? JwtTokenEncrypted { get; set; }
    public string? RefreshTokenEncrypted { get; set; }
    public string? FeedTokenEncrypted { get; set; }
    public DateTime? TokenExpiresAt { get; set; }
    /// <summary>Last characters of the secrets, for masked display without decrypting.</summary>
    public string? ApiKeyHint { get; set; }
    public string? StaticIp { get; set; }
    public BrokerAccountStatus Status { get; set; } = BrokerAccountStatus.NotConnected;
    public DateTime? LastVerifiedAt { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public uint Version { get; set; }
}
