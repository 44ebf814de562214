using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Trading.Data.Entities;
using Trading.Web.Features.Live;
using Trading.Web.Features.Security;
using Trading.Web.Features.Security.Sessions;

namespace Trading.Web.Components.Account;

/// <summary>
/// An open page's (circuit's) sign-in: its session and the user's access are checked every few seconds, and at once
/// when the user's sessions end anywhere (live topic "session"); the security stamp every few minutes. When any of it
/// fails, the page becomes signed out and sends the browser to sign in.
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private static readonly TimeSpan StampCheckInterval = TimeSpan.FromMinutes(5);
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<IdentityOptions> _identity;
    private readonly UserSessions _sessions;
    private readonly UserAccess _access;
    private readonly LiveEventHub _live;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private IDisposable? _subscription;
    private DateTimeOffset _stampCheckedAt;

    public IdentityRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity,
        UserSessions sessions, UserAccess access, LiveEventHub live, IOptions<UserSessionOptions> sessionOptions, TimeProvider time)
        : base(loggerFactory)
    {
        (_scopes, _identity, _sessions, _access, _live, _time) = (scopes, identity, sessions, access, live, time);
        _interval = sessionOptions.Value.CircuitCheckInterval;
        _stampCheckedAt = time.GetUtcNow();
        AuthenticationStateChanged += OnStateChanged;
    }

    protected override TimeSpan RevalidationInterval => _interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        if (principal.GetUserId() is not { } userId || principal.FindFirstValue(UserSessions.ClaimType) is not { } sessionId) return false;
        if (!await _sessions.IsActiveAsync(sessionId, userId) || !await _access.IsActiveAsync(userId, cancellationToken)) return false;
        if (_time.GetUtcNow() - _stampCheckedAt < StampCheckInterval) return true;
        _stampCheckedAt = _time.GetUtcNow();
        await using var scope = _scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.GetUserAsync(principal);
        return user is { Status: UserStatus.Active }
            && (!users.SupportsUserSecurityStamp
                || principal.FindFirstValue(_identity.Value.ClaimsIdentity.SecurityStampClaimType) == await users.GetSecurityStampAsync(user));
    }

    /// <summary>Listens for the user's sessions ending elsewhere, for as long as this page is signed in as them.</summary>
    private void OnStateChanged(Task<AuthenticationState> task) => _ = ListenAsync(task);

    private async Task ListenAsync(Task<AuthenticationState> task)
    {
        _subscription?.Dispose();
        _subscription = null;
        var state = await task;
        if (state.User.GetUserId() is not { } userId || state.User.FindFirstValue(UserSessions.ClaimType) is not { } sessionId) return;
        _subscription = _live.Subscribe(userId, async e =>
        {
            if (e.Topic != LiveTopics.Session) return;
            if (!await _sessions.IsActiveAsync(sessionId, userId))
            {
                SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            AuthenticationStateChanged -= OnStateChanged;
            _subscription?.Dispose();
        }
        base.Dispose(disposing);
    }
}
