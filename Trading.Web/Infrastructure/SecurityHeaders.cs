using System.Security.Cryptography;

namespace Trading.Web.Infrastructure;

/// <summary>
/// Response headers every page gets: a Content-Security-Policy that fits Blazor Server and MudBlazor (scripts only from
/// this site plus the framework's import map, which carries a per-request nonce; MudBlazor needs inline styles),
/// nosniff, a referrer and a permissions policy, no framing, and no caching of anything but static assets.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "csp-nonce";

    /// <summary>The nonce the page's inline import map carries (App.razor).</summary>
    public static string CspNonce(this HttpContext context) => context.Items[NonceKey] as string ?? "";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)); // letters and digits: nothing for HTML to escape
        context.Items[NonceKey] = nonce;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = string.Join("; ",
                "default-src 'self'",
                $"script-src 'self' 'nonce-{nonce}'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data:",
                "font-src 'self' data:",
                "connect-src 'self'",
                "frame-ancestors 'none'",
                "form-action 'self'",
                "base-uri 'self'",
                "object-src 'none'");
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), magnetometer=(), gyroscope=(), accelerometer=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            // Pages, exports and account answers carry a trader's data: never kept by a browser or a proxy. Static assets set their own.
            if (!headers.ContainsKey("Cache-Control"))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(context);
    });
}
