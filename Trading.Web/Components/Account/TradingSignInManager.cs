using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Trading.Data;
using Trading.Data.Entities;

namespace Trading.Web.Components.Account;

/// <summary>
/// Identity's sign-in manager plus two house rules: suspended users cannot sign in, and every attempt
/// (password, authenticator code, recovery code, passkey) leaves a login_history row.
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
    TimeProvider time)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private ApplicationUser? _signingInUser;

    public override async Task<bool> CanSignInAsync(ApplicationUser user) =>
        user.Status != UserStatus.Suspended && await base.CanSignInAsync(user);

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            await RecordAsync(null, userName, SignInResult.Failed, "Password");
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

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

    private async Task RecordAsync(ApplicationUser? user, string? attemptedName, SignInResult result, string method)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var outcome = result switch
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
            AttemptedUserName = Truncate(attemptedName ?? "", 256),
            Succeeded = result.Succeeded,
            Result = outcome,
            Method = method,
            IpAddress = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Truncate(http.Request.Headers.UserAgent.ToString(), 512),
            OccurredAt = now,
        });
        if (result.Succeeded && user is not null)
        {
            user.LastLoginAt = now;
        }
        await db.SaveChangesAsync();
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
