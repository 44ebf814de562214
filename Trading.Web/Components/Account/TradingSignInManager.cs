using Trading.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Security;

namespace Trading.Web.Components.Account;

/// <summary>
/// Identity's sign-in manager plus house rules: suspended users cannot sign in; every attempt (password, authenticator
/// code, recovery code, passkey) leaves a login_history row; attempts per account are rate limited; and an email with
/// no account answers like one with an account (same message, about the same time, the same lockout after the same
/// number of failures), while a refused account (suspended, unconfirmed) says why only once the password is right.
/// </summary>
public sealed class TradingSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    TradingDbContext db,
    AccountRateLimits limits,
    IUnknownAccountLockout unknownAccounts,
    TimeProvider time)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static string? _dummyHash;
    private ApplicationUser? _signingInUser;

    /// <summary>After a refused attempt (locked out, or too many attempts): how long until the next one is taken.</summary>
    public TimeSpan? RetryAfter { get; private set; }

    /// <summary>The last attempt was refused by the per-account rate limit before anything was checked.</summary>
    public bool Throttled { get; private set; }

    public override async Task<bool> CanSignInAsync(ApplicationUser user) =>
        user.Status != UserStatus.Suspended && await base.CanSignInAsync(user);

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (!Acquire(AccountAction.SignIn, userName))
        {
            await RecordAsync(null, userName, SignInResult.Failed, "Password", LoginResult.Throttled);
            return SignInResult.Failed;
        }
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            // As long as checking a real password takes, and locked after as many failures as a real account.
            UserManager.PasswordHasher.VerifyHashedPassword(new ApplicationUser(), DummyHash(), password);
            RetryAfter = await unknownAccounts.LockedForAsync(userName) ?? await unknownAccounts.FailAsync(userName);
            var unknown = RetryAfter is null ? SignInResult.Failed : SignInResult.LockedOut;
            await RecordAsync(null, userName, unknown, "Password");
            return unknown;
        }
        var result = await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        if (result.IsLockedOut && user.LockoutEnd is { } end) RetryAfter = end - time.GetUtcNow();
        return result;
    }

    /// <summary>
    /// A refused account (suspended, email unconfirmed) is told so only by someone who knows its password; any other
    /// password is simply wrong and counts toward lockout.
    /// </summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(ApplicationUser user, string password, bool lockoutOnFailure)
    {
        if (await CanSignInAsync(user)) return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        if (UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user)) return SignInResult.LockedOut;
        if (await UserManager.CheckPasswordAsync(user, password)) return SignInResult.NotAllowed;
        if (UserManager.SupportsUserLockout && lockoutOnFailure)
        {
            await UserManager.AccessFailedAsync(user);
            if (await UserManager.IsLockedOutAsync(user)) return SignInResult.LockedOut;
        }
        return SignInResult.Failed;
    }

    private bool Acquire(AccountAction action, string account)
    {
        var (allowed, wait) = limits.TryAcquire(action, account);
        Throttled = !allowed;
        RetryAfter = allowed ? null : wait;
        return allowed;
    }

    private string DummyHash() => _dummyHash ??= UserManager.PasswordHasher.HashPassword(new ApplicationUser(), Guid.NewGuid().ToString());

    public override async Task<SignInResult> PasswordSignInAsync(ApplicationUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        await RecordAsync(user, user.UserName, result, "Password");
        return result;
    }

    /// <summary>A sign-in without a password step (right after registering, or after an external login created the account).</summary>
    public override async Task SignInAsync(ApplicationUser user, bool isPersistent, string? authenticationMethod = null)
    {
        await base.SignInAsync(user, isPersistent, authenticationMethod);
        await RecordAsync(user, user.UserName, SignInResult.Success, authenticationMethod ?? "Registration");
    }

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        if (user is not null && !Acquire(AccountAction.TwoFactor, user.Id.ToString()))
        {
            await RecordAsync(user, user.UserName, SignInResult.Failed, "Authenticator", LoginResult.Throttled);
            return SignInResult.Failed;
        }
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        if (user is not null)
        {
            await RecordAsync(user, user.UserName, result, "Authenticator");
        }
        return result;
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        if (user is not null && !Acquire(AccountAction.TwoFactor, user.Id.ToString()))
        {
            await RecordAsync(user, user.UserName, SignInResult.Failed, "RecoveryCode", LoginResult.Throttled);
            return SignInResult.Failed;
        }
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        if (user is not null)
        {
            await RecordAsync(user, user.UserName, result, "RecoveryCode");
        }
        return result;
    }

    public override async Task<SignInResult> PasskeySignInAsync(string credentialJson)
    {
        _signingInUser = null;
        var result = await base.PasskeySignInAsync(credentialJson);
        await RecordAsync(_signingInUser, _signingInUser?.UserName, result, "Passkey");
        return result;
    }

    protected override Task<SignInResult> SignInOrTwoFactorAsync(ApplicationUser user, bool isPersistent, string? loginProvider = null, bool bypassTwoFactor = false)
    {
        _signingInUser = user;
        return base.SignInOrTwoFactorAsync(user, isPersistent, loginProvider, bypassTwoFactor);
    }

    private async Task RecordAsync(ApplicationUser? user, string? attemptedName, SignInResult result, string method, LoginResult? known = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var outcome = known ?? result switch
        {
            { Succeeded: true } => LoginResult.Succeeded,
            { RequiresTwoFactor: true } => LoginResult.RequiresTwoFactor,
            { IsLockedOut: true } => LoginResult.LockedOut,
            { IsNotAllowed: true } when user?.Status == UserStatus.Suspended => LoginResult.Suspended,
            { IsNotAllowed: true } => LoginResult.NotAllowed,
            _ when user is null => method == "Passkey" ? LoginResult.PasskeyFailed : LoginResult.UnknownUser,
            _ => method switch
            {
                "Password" => LoginResult.WrongPassword,
                "Passkey" => LoginResult.PasskeyFailed,
                _ => LoginResult.TwoFactorFailed,
            },
        };
        var http = Context;
        db.LoginHistory.Add(new LoginHistory
        {
            UserId = user?.Id,
            AttemptedUserName = (attemptedName ?? "").Truncated(256),
            Succeeded = result.Succeeded,
            Result = outcome,
            Method = method,
            IpAddress = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = http.Request.Headers.UserAgent.ToString().Truncated(512),
            OccurredAt = now,
        });
        if (result.Succeeded && user is not null)
        {
            user.LastLoginAt = now;
        }
        await db.SaveChangesAsync();
    }
}
