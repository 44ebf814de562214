using Trading.Data.Entities;

namespace Trading.Web.Features.Broker;

/// <summary>What the broker page may show of an account: masked hints, never a secret.</summary>
public sealed record BrokerAccountView(
    Guid Id,
    BrokerKind Broker,
    string Label,
    bool IsDefault,
    string? ClientCode,
    string MaskedApiKey,
    bool HasPin,
    bool HasTotpSecret,
    BrokerSignInMode SignInMode,
    string? StaticIp,
    BrokerAccountStatus Status,
    DateTime? LastVerifiedAt,
    DateTime? TokenExpiresAt,
    string? LastError);

/// <summary>The Angel One form. Secrets left blank on an edit keep their stored values.</summary>
public sealed class AngelOneAccountInput
{
    public string Label { get; set; } = "Angel One";
    public string ClientCode { get; set; } = "";
    public string? ApiKey { get; set; }
    public string? Pin { get; set; }
    public BrokerSignInMode SignInMode { get; set; } = BrokerSignInMode.AskForCode;
    public string? TotpSecret { get; set; }
    public string? StaticIp { get; set; }
}

public sealed record ConnectionTestResult(bool Succeeded, string Message, BrokerProfile? Profile, BrokerFunds? Funds, DateTime? TokenExpiresAt);
