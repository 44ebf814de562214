using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using MudBlazor.Services;
using Trading.Web.Components;
using Trading.Web.Components.Account;
using Trading.Web.Features.Admin;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Health;
using Trading.Web.Features.Sessions;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;
using Trading.Web.Features.Positions;
using Trading.Web.Features.Notifications;
using Trading.Web.Features.Watchlist;
using Trading.Web.Features.Dashboard;
using Trading.Web.Features.Funds;
using Trading.Web.Features.Holdings;
using Trading.Web.Features.Security;
using Trading.Web.Features.Live;
using Trading.Web.Features.Strategies;
using Trading.Web.Features.Risk;
using Trading.Web.Infrastructure;

try
{
    await RunAsync(args);
    return 0;
}
catch (StartupRefusedException refused) when (Assembly.GetEntryAssembly() == typeof(Program).Assembly)
{
    // A configuration that cannot run safely: the operator gets the reason, not a stack trace. (A test host sees the exception.)
    Console.Error.WriteLine($"Trading cannot start: {refused.Message}");
    return 1;
}

static async Task RunAsync(string[] args)
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddMarketRates();
    builder.AddRootDevelopmentSettings();
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
    builder.AddTrustedProxies();

    builder.Services.AddOptions<TradingOptions>().BindConfiguration(TradingOptions.Section);
    builder.Services.AddSingleton(TimeProvider.System);
    builder.AddTradingDatabase();
    builder.AddRedisIfConfigured();

    builder.Services.AddRazorComponents().AddInteractiveServerComponents();
    builder.Services.AddMudServices();
    builder.AddTradingIdentity();
    builder.AddSecurity();
    builder.AddTradingHealthChecks();
    builder.AddLive();
    builder.AddMarketData();
    builder.AddBroker();
    builder.AddWatchlist();
    builder.AddOrders();
    builder.AddPositions();
    builder.AddFunds();
    builder.AddHoldings();
    builder.AddStrategies();
    builder.AddRisk();
    builder.AddNotifications();
    builder.AddHealthMonitor();
    builder.AddSessions();
    builder.AddDashboard();
    builder.AddAdmin();

    var app = builder.Build();

    await app.Services.InitializeDatabaseAsync();

    // First: the client's real address (from a known proxy only) before anything records or limits by it.
    app.UseTrustedProxies();
    app.UseSecurityHeaders();

    // Never a stack trace in the browser, in any environment.
    app.UseExceptionHandler(new ExceptionHandlerOptions
    {
        ExceptionHandlingPath = "/Error",
        CreateScopeForErrors = true,
        // A request the app cannot read (bad form, missing antiforgery token) is the client's fault: 400, not 500.
        StatusCodeSelector = ex => ex is BadHttpRequestException or Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException ? 400 : 500,
    });
    if (!app.Environment.IsDevelopment())
    {
        app.UseHsts();
    }
    app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
    app.UseErrorPagesAsPlainGets();

    // Indian number and date formats (dd-MM-yyyy, lakh grouping) for every request.
    app.UseRequestLocalization("en-IN");
    app.UseRateLimiter();
    app.UseAntiforgery();

    app.MapStaticAssets();
    app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync });
    app.MapRazorComponents<App>()
        .AddInteractiveServerRenderMode();
    app.MapAdditionalIdentityEndpoints();
    app.MapOrderCsvExport();
    app.MapRiskViolationsCsv();
    app.MapSessionsCsv();

    await app.RunAsync();
}

static Task WriteHealthAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
{
    context.Response.ContentType = "application/json";
    return context.Response.WriteAsync(JsonSerializer.Serialize(new
    {
        status = report.Status.ToString(),
        checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
    }));
}

public partial class Program;
