using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Trading.Web.Components.Account;

public static class ClaimsPrincipalExtensions
{
    public static Guid? GetUserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>The signed-in user's id; throws when there is none, so no query ever runs for an empty id.</summary>
    public static Guid RequireUserId(this ClaimsPrincipal principal) =>
        principal.GetUserId() ?? throw new InvalidOperationException("This needs a signed-in user.");

    /// <summary>The one way a page gets the signed-in user's id: <c>_userId = await AuthenticationState.UserIdAsync();</c></summary>
    public static async Task<Guid> UserIdAsync(this Task<AuthenticationState> authenticationState) =>
        (await authenticationState).User.RequireUserId();

    public static string GetDisplayName(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(TradingClaimsPrincipalFactory.DisplayNameClaim) is { Length: > 0 } name
            ? name
            : principal.Identity?.Name ?? "";
}
