using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Common;
using Trading.Web.Features.Live;
using Trading.Web.Features.Notifications;

namespace Trading.Web.Features.Broker.AngelOne;

public sealed record AngelOneSession(AngelOneCredentials Credentials, string FeedToken, DateTime? ExpiresAt);

/// <summary>
/// Angel One sessions of broker accounts: signs in with PIN + TOTP (from the stored secret, or a code the trader
/// types), refreshes before the JWT's <c>exp</c>, and signs in again after an invalid-token reply when the account
/// allows it. When nothing works the account goes to "reconnect needed" and the trader is told.
/// </summary>
public sealed class AngelOneSessions(
    IDbContextFactory<TradingDbContext> dbFactory,
    BrokerSecretProtector secrets,
    AngelOneClient client,
    NotificationService notifications,
    ILiveEventPublisher live,
    TimeProvider time,
    ILogger<AngelOneSessions> logger)
{
    /// <summary>Refresh this long before the JWT expires.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(10);
    private readonly KeyedLock<Guid> _locks = new();

    public async Task<AngelOneSession> GetSessionAsync(Guid accountId, CancellationToken cancellationToken)
    {
        using var gate = await LockAsync(accountId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await LoadAsync(db, accountId, cancellationToken);
        var jwt = secrets.Unprotect(account.JwtTokenEncrypted);
        var now = time.GetUtcNow().UtcDateTime;
        if (jwt is not null && account.TokenExpiresAt is { } expires && expires - RefreshMargin > now)
        {
            return Session(account, jwt);
        }
        return await RenewAsync(db, account, allowRefresh: true, cancellationToken);
    }

    /// <summary>After the broker called the session invalid (AG8001): renew it once, or mark the account for reconnecting.</summary>
    public async Task<AngelOneSession> RecoverAsync(Guid accountId, CancellationToken cancellationToken)
    {
        using var gate = await LockAsync(accountId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await LoadAsync(db, accountId, cancellationToken);
        account.JwtTokenEncrypted = null;
        // A refresh token from the same (rejected) session is not trusted: sign in afresh when allowed.
        return await RenewAsync(db, account, allowRefresh: false, cancellationToken);
    }

    /// <summary>Signs in now: with <paramref name="totpCode"/> when given, else with the stored TOTP secret.</summary>
    public async Task<AngelOneSession> SignInAsync(Guid accountId, string? totpCode, CancellationToken cancellationToken)
    {
        using var gate = await LockAsync(accountId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await LoadAsync(db, accountId, cancellationToken);
        return await SignInCoreAsync(db, account, totpCode, cancellationToken);
    }

    private async Task<AngelOneSession> RenewAsync(TradingDbContext db, BrokerAccount account, bool allowRefresh, CancellationToken cancellationToken)
    {
        var refresh = secrets.Unprotect(account.RefreshTokenEncrypted);
        if (allowRefresh && refresh is not null)
        {
            try
            {
                var apiKey = secrets.Unprotect(account.ApiKeyEncrypted) ?? "";
                var tokens = await client.RefreshAsync(new AngelOneCredentials(account.ClientCode ?? "", apiKey, secrets.Unprotect(account.JwtTokenEncrypted)), refresh, cancellationToken);
                return await StoreAsync(db, account, tokens, cancellationToken);
            }
            catch (BrokerException ex) when (ex.Kind is BrokerErrorKind.Authentication or BrokerErrorKind.Rejected)
            {
                logger.LogInformation("Angel One token refresh refused for account {AccountId}: {Code}", account.Id, ex.ErrorCode);
            }
        }
        if (account.SignInMode == BrokerSignInMode.Automatic && account.TotpSecretEncrypted is not null)
        {
            return await SignInCoreAsync(db, account, null, cancellationToken);
        }
        await MarkReconnectNeededAsync(db, account, "Your Angel One session has ended. Enter today's 6-digit code on the Broker page to reconnect.", cancellationToken);
        throw new BrokerException(BrokerErrorKind.Authentication, null, "Your Angel One session has ended. Reconnect your account on the Broker page.");
    }

    private async Task<AngelOneSession> SignInCoreAsync(TradingDbContext db, BrokerAccount account, string? totpCode, CancellationToken cancellationToken)
    {
        var apiKey = secrets.Unprotect(account.ApiKeyEncrypted);
        var pin = secrets.Unprotect(account.PinEncrypted);
        if (string.IsNullOrEmpty(account.ClientCode) || apiKey is null || pin is null)
        {
            throw new BrokerException(BrokerErrorKind.Authentication, null, "The account's client code, API key or PIN is missing. Edit the account and enter them again.");
        }
        var code = totpCode?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            var secret = secrets.Unprotect(account.TotpSecretEncrypted)
                ?? throw new BrokerException(BrokerErrorKind.Authentication, null, "Enter the 6-digit code from your authenticator app to connect.");
            code = CurrentTotp(secret, time.GetUtcNow().UtcDateTime);
        }
        try
        {
            var tokens = await client.LoginAsync(account.ClientCode, apiKey, pin, code, cancellationToken);
            return await StoreAsync(db, account, tokens, cancellationToken);
        }
        catch (BrokerException ex) when (ex.Kind == BrokerErrorKind.Authentication)
        {
            await MarkReconnectNeededAsync(db, account, ex.Message, cancellationToken);
            throw;
        }
    }

    public static string CurrentTotp(string base32Secret, DateTime utcNow) =>
        new Totp(Base32Encoding.ToBytes(base32Secret.Replace(" ", "").ToUpperInvariant())).ComputeTotp(utcNow);

    private async Task<AngelOneSession> StoreAsync(TradingDbContext db, BrokerAccount account, AngelOneTokens tokens, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        account.JwtTokenEncrypted = secrets.Protect(tokens.JwtToken);
        account.RefreshTokenEncrypted = secrets.Protect(tokens.RefreshToken);
        account.FeedTokenEncrypted = secrets.Protect(tokens.FeedToken);
        // The sources disagree on lifetime; the JWT's own exp claim decides. Without one, assume the day ends it.
        account.TokenExpiresAt = JwtExpiry(tokens.JwtToken) ?? now.AddHours(8);
        var wasConnected = account.Status == BrokerAccountStatus.Connected;
        account.Status = BrokerAccountStatus.Connected;
        account.LastVerifiedAt = now;
        account.LastError = null;
        account.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        if (!wasConnected)
        {
            await live.PublishAsync(new LiveEvent(account.UserId, LiveTopics.Account, null, now), cancellationToken);
        }
        return Session(account, tokens.JwtToken);
    }

    private async Task MarkReconnectNeededAsync(TradingDbContext db, BrokerAccount account, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var alreadyFlagged = account.Status == BrokerAccountStatus.ReconnectNeeded;
        account.Status = BrokerAccountStatus.ReconnectNeeded;
        account.JwtTokenEncrypted = null;
        account.LastError = message;
        account.UpdatedAt = now;
        if (!alreadyFlagged)
        {
            await notifications.AddAsync(db, account.UserId, NotificationKind.BrokerReconnect, NotificationSeverity.Warning, $"Reconnect {account.Label}", message, "/broker", cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await live.PublishAsync(new LiveEvent(account.UserId, LiveTopics.Account, null, now), cancellationToken);
    }

    private AngelOneSession Session(BrokerAccount account, string jwt) => new(
        new AngelOneCredentials(account.ClientCode ?? "", secrets.Unprotect(account.ApiKeyEncrypted) ?? "", jwt),
        secrets.Unprotect(account.FeedTokenEncrypted) ?? "",
        account.TokenExpiresAt);

    /// <summary>The <c>exp</c> claim of a JWT, read without validating it (the broker validates its own tokens).</summary>
    public static DateTime? JwtExpiry(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length < 2) return null;
        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return json.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static async Task<BrokerAccount> LoadAsync(TradingDbContext db, Guid accountId, CancellationToken cancellationToken) =>
        await db.BrokerAccounts.FirstOrDefaultAsync(a => a.Id == accountId && a.Broker == BrokerKind.AngelOne, cancellationToken)
        ?? throw new BrokerException(BrokerErrorKind.Rejected, null, "That Angel One account no longer exists.");

    private ValueTask<KeyedLock<Guid>.Releaser> LockAsync(Guid accountId, CancellationToken cancellationToken) => _locks.LockAsync(accountId, cancellationToken);
}
