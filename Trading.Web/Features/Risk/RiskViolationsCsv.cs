using System.Globalization;
using System.Security.Claims;
using System.Text;
using Trading.Data.Entities;
using Trading.Web.Components.Account;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Risk;

/// <summary><c>GET /risk/violations.csv</c>: the signed-in trader's violations (optionally of one rule kind) as CSV.</summary>
public static class RiskViolationsCsv
{
    public static IEndpointRouteBuilder MapRiskViolationsCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/risk/violations.csv", async (HttpContext context, ClaimsPrincipal user, RiskRulesService rules, TimeProvider time, RiskRuleKind? kind) =>
        {
            if (user.GetUserId() is not { } userId)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"risk-violations-{IndianTime.Today(time):yyyyMMdd}.csv\"";
            await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false));
            await writer.WriteLineAsync("occurred_ist,rule,timing,observed,threshold,action,message,order");
            foreach (var v in await rules.ViolationsAsync(userId, kind, 100_000, context.RequestAborted))
            {
                await writer.WriteLineAsync(string.Join(',', IndianTime.ToIst(v.OccurredAt).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), v.Kind, v.Timing,
                    v.ObservedValue.ToString(CultureInfo.InvariantCulture), v.Threshold.ToString(CultureInfo.InvariantCulture), v.ActionTaken, Csv(v.Message), Csv(v.OrderRequest)));
            }
        }).RequireAuthorization();
        return app;
    }

    private static string Csv(string? value) => value is null ? "" : $"\"{value.Replace("\"", "\"\"")}\"";
}
