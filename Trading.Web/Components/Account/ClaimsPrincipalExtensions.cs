using System.Security.Claims;

namespace Trading.Web.Components.Account;

public static class ClaimsPrincipalExtensions
{
    public static Guid? GetUserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static string GetDisplayName(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(TradingClaimsPrincipalFactory.DisplayNameClaim) is { Length: > 0 } name
            ? name
            : principal.Identity?.Name ?? "";
}
