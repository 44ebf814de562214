using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Notifications.Email;
using Trading.Web.Features.Security.Sessions;
using Trading.Web.Infrastructure;

namespace Trading.Web.Components.Account;

public static class IdentitySetup
{
    public static IHostApplicationBuilder AddTradingIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var emailConfigured = EmailOptions.ConfiguredIn(builder.Configuration);
        if (emailConfigured && !builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(builder.Configuration[$"{TradingOptions.Section}:PublicBaseUrl"]))
        {
            throw new StartupRefusedException(
                "Email is configured (Email:Smtp:Host) but Trading:PublicBaseUrl is not: account emails need the address traders reach the app at, " +
                "e.g. Trading__PublicBaseUrl=https://trading.example.com/.");
        }
        services.AddCascadingAuthenticationState();
        services.AddScoped<AccountLinks>();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddScoped<UserProvisioning>();
        services.AddHttpContextAccessor();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/Account/Login";
            cookie.AccessDeniedPath = "/Account/AccessDenied";
            cookie.Cookie.Name = "Trading.Auth";
            // Every sign-in is a server-side session the cookie points to (Features/Security/Sessions).
            cookie.EventsType = typeof(SessionCookieEvents);
        });
        // Besides sessions, a password change elsewhere invalidates cookies within a minute (security stamp).
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            o.OnRefreshingPrincipal = SessionCookieEvents.KeepSessionOnRefresh;
        });

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                // With email, a new account signs in once its address is confirmed; without it, at once.
                options.SignIn.RequireConfirmedAccount = emailConfigured;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddRoles<ApplicationRole>()
            .AddEntityFrameworkStores<TradingDbContext>()
            .AddSignInManager<TradingSignInManager>()
            .AddClaimsPrincipalFactory<TradingClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        if (emailConfigured) services.AddSingleton<IEmailSender<ApplicationUser>, IdentityEmailSender>();
        else services.AddSingleton<IEmailSender<ApplicationUser>, IdentityNoOpEmailSender>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Admin, policy => policy.RequireRole(Roles.Admin));
        return builder;
    }
}
