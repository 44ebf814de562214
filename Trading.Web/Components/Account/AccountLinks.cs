using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Trading.Data.Entities;
using Trading.Web.Infrastructure;

namespace Trading.Web.Components.Account;

/// <summary>
/// The links account emails carry (confirm email, reset password, change email), each with a fresh token, built from
/// <c>Trading:PublicBaseUrl</c> so a forged Host header cannot point them elsewhere. Returned unencoded.
/// </summary>
internal sealed class AccountLinks(UserManager<ApplicationUser> users, NavigationManager navigation, IOptions<TradingOptions> options)
{
    public async Task<string> ConfirmEmailAsync(ApplicationUser user, string? returnUrl = null) =>
        Build("Account/ConfirmEmail", new()
        {
            ["userId"] = await users.GetUserIdAsync(user),
            ["code"] = IdentityLinkCodes.Encode(await users.GenerateEmailConfirmationTokenAsync(user)),
            ["returnUrl"] = returnUrl,
        });

    public async Task<string> ResetPasswordAsync(ApplicationUser user) =>
        Build("Account/ResetPassword", new() { ["code"] = IdentityLinkCodes.Encode(await users.GeneratePasswordResetTokenAsync(user)) });

    public async Task<string> ChangeEmailAsync(ApplicationUser user, string newEmail) =>
        Build("Account/ConfirmEmailChange", new()
        {
            ["userId"] = await users.GetUserIdAsync(user),
            ["email"] = newEmail,
            ["code"] = IdentityLinkCodes.Encode(await users.GenerateChangeEmailTokenAsync(user, newEmail)),
        });

    public string SignIn() => Build("Account/Login", []);

    private string Build(string path, Dictionary<string, object?> query)
    {
        // Without a configured address (Development, or no email sender) the request's own base is all there is; start-up
        // refuses real email without PublicBaseUrl outside Development.
        var baseUri = options.Value.PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') + "/" : navigation.BaseUri;
        return navigation.GetUriWithQueryParameters(new Uri(new Uri(baseUri), path).AbsoluteUri, query);
    }
}
