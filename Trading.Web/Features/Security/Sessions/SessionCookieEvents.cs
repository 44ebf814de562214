using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Trading.Web.Components.Account;

namespace Trading.Web.Features.Security.Sessions;

/// <summary>
/// The auth cookie's events: a sign-in starts a server-side session (or keeps the current one when it only refreshes
/// the cookie), every request checks it (after Identity's own security-stamp check), and a sign-out ends it.
/// </summary>
public sealed class SessionCookieEvents(UserSessions sessions, UserAccess access) : CookieAuthenticationEvents
{
    public override async Task SigningIn(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity || context.Principal.GetUserId() is not { } userId) return;
        var http = context.HttpContext;
        // A refresh of the cookie (password changed, email confirmed) keeps this browser's session.
        var current = http.User.GetUserId() == userId ? http.User.FindFirstValue(UserSessions.ClaimType) : null;
        var sessionId = current is not null && await sessions.IsActiveAsync(current, userId)
            ? current
            : (await sessions.StartAsync(userId, http.Request.Headers.UserAgent.ToString(), http.Connection.RemoteIpAddress?.ToString())).Id;
        foreach (var old in identity.FindAll(UserSessions.ClaimType).ToList()) identity.RemoveClaim(old);
        identity.AddClaim(new Claim(UserSessions.ClaimType, sessionId));
    }

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal is not { } principal) return;
        if (principal.GetUserId() is not { } userId || principal.FindFirstValue(UserSessions.ClaimType) is not { } sessionId
            || !await sessions.IsActiveAsync(sessionId, userId) || !await access.IsActiveAsync(userId))
        {
            // Ended elsewhere, suspended, or a cookie from before sessions were kept: signed out.
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await sessions.TouchAsync(sessionId, userId, context.HttpContext.Connection.RemoteIpAddress?.ToString());
    }

    public override async Task SigningOut(CookieSigningOutContext context)
    {
        var user = context.HttpContext.User;
        if (user.GetUserId() is { } userId && user.FindFirstValue(UserSessions.ClaimType) is { } sessionId)
        {
            await sessions.EndAsync(userId, sessionId);
        }
    }

    /// <summary>Identity renews the principal every so often (security stamp); the session id goes with it.</summary>
    public static Task KeepSessionOnRefresh(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal?.FindFirst(UserSessions.ClaimType) is { } claim && context.NewPrincipal?.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(UserSessions.ClaimType, claim.Value));
        }
        return Task.CompletedTask;
    }
}
