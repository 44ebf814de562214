using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Trading.Web.Features.Security;

/// <summary>
/// ASP.NET Core's rate limiter on the account endpoints: per client address for the form posts (middleware, answering
/// 429 with "try again in N s"), and per account for the attempts themselves (<see cref="TryAcquire"/>, called by the
/// sign-in manager and the pages before they look anything up). Limits are per instance.
/// </summary>
public sealed class AccountRateLimits(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<(AccountAction, string)> _perAccount = PartitionedRateLimiter.Create<(AccountAction Action, string Account), (AccountAction, string)>(
        key => RateLimitPartition.GetSlidingWindowLimiter(key, k => Window(PerAccount(options.Value, k.Item1))));

    /// <summary>The account endpoint a form post goes to, if it is one.</summary>
    public static AccountAction? ActionOf(HttpRequest request) =>
        !HttpMethods.IsPost(request.Method) ? null : request.Path.Value?.ToLowerInvariant() switch
        {
            "/account/login" => AccountAction.SignIn,
            "/account/loginwith2fa" or "/account/loginwithrecoverycode" => AccountAction.TwoFactor,
            "/account/register" => AccountAction.Register,
            "/account/forgotpassword" or "/account/resetpassword" or "/account/resendemailconfirmation" => AccountAction.PasswordReset,
            _ => null,
        };

    /// <summary>One attempt for <paramref name="account"/> (an email, a user id); when refused, how long until the next is taken.</summary>
    public (bool Allowed, TimeSpan RetryAfter) TryAcquire(AccountAction action, string account)
    {
        using var lease = _perAccount.AttemptAcquire((action, account.Trim().ToUpperInvariant()));
        return lease.IsAcquired ? (true, TimeSpan.Zero) : (false, RetryAfter(lease, PerAccount(options.Value, action).Window));
    }

    internal static RateLimitOptions.Limit PerIp(RateLimitOptions o, AccountAction action) => action switch
    {
        AccountAction.SignIn => o.SignInPerIp,
        AccountAction.TwoFactor => o.TwoFactorPerIp,
        AccountAction.Register => o.RegisterPerIp,
        _ => o.PasswordResetPerIp,
    };

    private static RateLimitOptions.Limit PerAccount(RateLimitOptions o, AccountAction action) => action switch
    {
        AccountAction.SignIn => o.SignInPerAccount,
        AccountAction.TwoFactor => o.TwoFactorPerAccount,
        AccountAction.Register => o.RegisterPerAccount,
        _ => o.PasswordResetPerAccount,
    };

    internal static SlidingWindowRateLimiterOptions Window(RateLimitOptions.Limit limit) => new()
    {
        PermitLimit = Math.Max(1, limit.Permits),
        Window = limit.Window,
        SegmentsPerWindow = 6,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    internal static TimeSpan RetryAfter(RateLimitLease lease, TimeSpan window) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window;

    /// <summary>"Try again in 40 s" / "in 3 min": a wait put the way people read it.</summary>
    public static string Wait(TimeSpan wait) => wait.TotalSeconds < 90
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)Math.Ceiling(wait.TotalMinutes)} min");

    public void Dispose() => _perAccount.Dispose();

    /// <summary>The per-address limit on account form posts, as ASP.NET Core's rate-limiting middleware.</summary>
    internal static void Configure(RateLimiterOptions limiter, RateLimitOptions limits)
    {
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (ActionOf(context.Request) is not { } action) return RateLimitPartition.GetNoLimiter("");
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetSlidingWindowLimiter($"{action}:{address}", _ => Window(PerIp(limits, action)));
        });
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = async (context, cancellationToken) =>
        {
            var action = ActionOf(context.HttpContext.Request) ?? AccountAction.SignIn;
            var wait = RetryAfter(context.Lease, PerIp(limits, action).Window);
            var response = context.HttpContext.Response;
            response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync($"""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Too many attempts · Trading</title></head>
                <body style="font-family:Roboto,Helvetica,Arial,sans-serif;margin:3rem;max-width:40rem">
                <h1>Too many attempts</h1>
                <p data-testid="rate-limited">Too many attempts from your network. Try again in {WebUtility.HtmlEncode(Wait(wait))}.</p>
                <p><a href="/Account/Login">Back to sign in</a></p></body></html>
                """, cancellationToken);
        };
    }
}
