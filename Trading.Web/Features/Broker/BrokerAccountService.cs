using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker.AngelOne;

namespace Trading.Web.Features.Broker;

/// <summary>
/// A trader's broker accounts: every query is scoped to the given user, every secret is encrypted before it is
/// stored, and nothing returned carries a secret.
/// </summary>
public sealed partial class BrokerAccountService(
    IDbContextFactory<TradingDbContext> dbFactory,
    BrokerSecretProtector secrets,
    BrokerFactory brokers,
    AngelOneSessions sessions,
    TimeProvider time)
{
    public async Task<IReadOnlyList<BrokerAccountView>> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await EnsurePaperAccountAsync(userId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var accounts = await db.BrokerAccounts.AsNoTracking().Where(a => a.UserId == userId)
            .OrderByDescending(a => a.IsDefault).ThenBy(a => a.CreatedAt).ToListAsync(cancellationToken);
        return accounts.Select(a => new BrokerAccountView(a.Id, a.Broker, a.Label, a.IsDefault, a.ClientCode,
            BrokerSecretProtector.Mask(a.ApiKeyHint), a.PinEncrypted is not null, a.TotpSecretEncrypted is not null, a.SignInMode,
            a.StaticIp, a.Status, a.LastVerifiedAt, a.TokenExpiresAt, a.LastError)).ToList();
    }

    /// <summary>Every trader has a paper account, the default until they choose another.</summary>
    public async Task<Guid> EnsurePaperAccountAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.BrokerAccounts.Where(a => a.UserId == userId && a.Broker == BrokerKind.Paper).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is { } id) return id;
        var now = time.GetUtcNow().UtcDateTime;
        var paper = new BrokerAccount
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Broker = BrokerKind.Paper,
            Label = "Paper trading",
            ClientCode = "PAPER",
            IsDefault = !await db.BrokerAccounts.AnyAsync(a => a.UserId == userId && a.IsDefault, cancellationToken),
            Status = BrokerAccountStatus.Connected,
            SignInMode = BrokerSignInMode.Automatic,
            LastVerifiedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.BrokerAccounts.Add(paper);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            brokers.Forget(userId);
            return paper.Id;
        }
        catch (DbUpdateException)
        {
            // Created meanwhile by another request (unique user + broker + client code).
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await again.BrokerAccounts.Where(a => a.UserId == userId && a.Broker == BrokerKind.Paper).Select(a => a.Id).FirstAsync(cancellationToken);
        }
    }

    /// <summary>Validates the form. Returns field → message; empty when valid.</summary>
    public static Dictionary<string, string> Validate(AngelOneAccountInput input, bool isNew)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Label) || input.Label.Trim().Length > 100) errors[nameof(input.Label)] = "Give the account a name of up to 100 characters.";
        if (!ClientCodeRegex().IsMatch(input.ClientCode?.Trim() ?? "")) errors[nameof(input.ClientCode)] = "The client code is letters and digits, e.g. A123456.";
        if (isNew || !string.IsNullOrEmpty(input.ApiKey))
        {
            if (string.IsNullOrWhiteSpace(input.ApiKey) || input.ApiKey.Trim().Length is < 6 or > 64 || input.ApiKey.Trim().Any(char.IsWhiteSpace))
                errors[nameof(input.ApiKey)] = "Paste the SmartAPI key of your app (from smartapi.angelone.in).";
        }
        if (isNew || !string.IsNullOrEmpty(input.Pin))
        {
            if (!PinRegex().IsMatch(input.Pin ?? "")) errors[nameof(input.Pin)] = "The PIN is 4 to 6 digits.";
        }
        if (!string.IsNullOrEmpty(input.TotpSecret) && !TotpRegex().IsMatch(input.TotpSecret.Replace(" ", "").ToUpperInvariant()))
            errors[nameof(input.TotpSecret)] = "The TOTP secret is the base32 key shown when you enabled TOTP (letters A–Z and digits 2–7).";
        if (!string.IsNullOrWhiteSpace(input.StaticIp) && !IpAddresses.IsValid(input.StaticIp))
            errors[nameof(input.StaticIp)] = "Enter an IPv4 address like 203.0.113.10 or an IPv6 address like 2001:db8::10.";
        return errors;
    }

    /// <summary>Creates or updates an Angel One account. Returns field errors (empty when saved) and the account id.</summary>
    public async Task<(Dictionary<string, string> Errors, Guid? Id)> SaveAngelOneAsync(Guid userId, Guid? accountId, AngelOneAccountInput input,
        CancellationToken cancellationToken = default)
    {
        var errors = Validate(input, accountId is null);
        if (input.SignInMode == BrokerSignInMode.Automatic && string.IsNullOrEmpty(input.TotpSecret))
        {
            await using var check = await dbFactory.CreateDbContextAsync(cancellationToken);
            var hasSecret = accountId is { } id && await check.BrokerAccounts.AnyAsync(a => a.Id == id && a.UserId == userId && a.TotpSecretEncrypted != null, cancellationToken);
            if (!hasSecret) errors[nameof(input.TotpSecret)] = "\"Sign in for me every day\" needs the TOTP secret.";
        }
        if (errors.Count > 0) return (errors, null);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var clientCode = input.ClientCode.Trim().ToUpperInvariant();
        BrokerAccount account;
        if (accountId is { } existingId)
        {
            account = await db.BrokerAccounts.FirstOrDefaultAsync(a => a.Id == existingId && a.UserId == userId && a.Broker == BrokerKind.AngelOne, cancellationToken)
                ?? throw new InvalidOperationException("Not your account.");
        }
        else
        {
            if (await db.BrokerAccounts.AnyAsync(a => a.UserId == userId && a.Broker == BrokerKind.AngelOne && a.ClientCode == clientCode, cancellationToken))
            {
                return (new() { [nameof(input.ClientCode)] = $"You already added Angel One client {clientCode}." }, null);
            }
            account = new BrokerAccount { Id = Guid.CreateVersion7(), UserId = userId, Broker = BrokerKind.AngelOne, CreatedAt = now };
            db.BrokerAccounts.Add(account);
        }

        var credentialsChanged = account.ClientCode != clientCode || !string.IsNullOrEmpty(input.ApiKey) || !string.IsNullOrEmpty(input.Pin);
        account.Label = input.Label.Trim();
        account.ClientCode = clientCode;
        if (!string.IsNullOrEmpty(input.ApiKey))
        {
            account.ApiKeyEncrypted = secrets.Protect(input.ApiKey.Trim());
            account.ApiKeyHint = BrokerSecretProtector.HintOf(input.ApiKey.Trim());
        }
        if (!string.IsNullOrEmpty(input.Pin)) account.PinEncrypted = secrets.Protect(input.Pin);
        account.SignInMode = input.SignInMode;
        if (input.SignInMode == BrokerSignInMode.AskForCode)
        {
            account.TotpSecretEncrypted = null; // "ask me for the code": the secret is never kept
        }
        else if (!string.IsNullOrEmpty(input.TotpSecret))
        {
            account.TotpSecretEncrypted = secrets.Protect(input.TotpSecret.Replace(" ", "").ToUpperInvariant());
        }
        account.StaticIp = string.IsNullOrWhiteSpace(input.StaticIp) ? null : input.StaticIp.Trim();
        if (credentialsChanged)
        {
            account.JwtTokenEncrypted = account.RefreshTokenEncrypted = account.FeedTokenEncrypted = null;
            account.TokenExpiresAt = null;
            account.Status = BrokerAccountStatus.NotConnected;
            account.LastError = null;
        }
        account.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        brokers.Forget(userId);
        return ([], account.Id);
    }

    /// <summary>How many of the user's orders through this account are still working (told before it is removed).</summary>
    public async Task<int> WorkingOrderCountAsync(Guid userId, Guid accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Orders.CountAsync(o => o.UserId == userId && o.BrokerAccountId == accountId && OrderStatuses.Working.Contains(o.Status), cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid userId, Guid accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await db.BrokerAccounts.FirstOrDefaultAsync(a => a.Id == accountId && a.UserId == userId && a.Broker == BrokerKind.AngelOne, cancellationToken);
        if (account is null) return false;
        db.BrokerAccounts.Remove(account);
        if (account.IsDefault)
        {
            var paper = await db.BrokerAccounts.FirstOrDefaultAsync(a => a.UserId == userId && a.Broker == BrokerKind.Paper, cancellationToken);
            if (paper is not null) paper.IsDefault = true;
        }
        await db.SaveChangesAsync(cancellationToken);
        brokers.Forget(userId);
        return true;
    }

    public async Task SetDefaultAsync(Guid userId, Guid accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var accounts = await db.BrokerAccounts.Where(a => a.UserId == userId).ToListAsync(cancellationToken);
        if (accounts.All(a => a.Id != accountId)) return;
        foreach (var a in accounts) a.IsDefault = a.Id == accountId;
        await db.SaveChangesAsync(cancellationToken);
        brokers.Forget(userId);
    }

    /// <summary>Signs in (Angel One) and reads the profile and funds. Never throws for broker failures: the message says what went wrong.</summary>
    public async Task<ConnectionTestResult> TestConnectionAsync(Guid userId, Guid accountId, string? totpCode, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.BrokerAccounts.AnyAsync(a => a.Id == accountId && a.UserId == userId, cancellationToken))
            {
                return new ConnectionTestResult(false, "That account is not yours.", null, null, null);
            }
        }
        try
        {
            var broker = await brokers.ForAccountAsync(accountId, cancellationToken);
            DateTime? expires = null;
            if (broker.Kind == BrokerKind.AngelOne)
            {
                expires = (await sessions.SignInAsync(accountId, totpCode, cancellationToken)).ExpiresAt;
            }
            var profile = await broker.GetProfileAsync(cancellationToken);
            var funds = await broker.GetFundsAsync(cancellationToken);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var account = await db.BrokerAccounts.FirstAsync(a => a.Id == accountId, cancellationToken);
            account.LastVerifiedAt = time.GetUtcNow().UtcDateTime;
            account.Status = BrokerAccountStatus.Connected;
            account.LastError = null;
            await db.SaveChangesAsync(cancellationToken);
            return new ConnectionTestResult(true, $"Connected as {profile.Name}.", profile, funds, expires ?? account.TokenExpiresAt);
        }
        catch (BrokerException ex)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var account = await db.BrokerAccounts.FirstAsync(a => a.Id == accountId, cancellationToken);
            account.LastError = ex.Message;
            if (ex.Kind != BrokerErrorKind.Authentication && account.Status == BrokerAccountStatus.NotConnected) account.Status = BrokerAccountStatus.Error;
            await db.SaveChangesAsync(cancellationToken);
            return new ConnectionTestResult(false, ex.Message, null, null, null);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9]{3,32}$")]
    private static partial Regex ClientCodeRegex();

    [GeneratedRegex("^[0-9]{4,6}$")]
    private static partial Regex PinRegex();

    [GeneratedRegex("^[A-Z2-7]{16,128}=*$")]
    private static partial Regex TotpRegex();
}
