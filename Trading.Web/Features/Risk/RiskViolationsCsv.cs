using System.Globalization;
using System.Security.Claims;
using Trading.Data.Entities;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Risk;

/// <summary><c>GET /risk/violations.csv</c>: the signed-in trader's violations (optionally of one rule kind) as CSV.</summary>
public static class RiskViolationsCsv
{
    public static IEndpointRouteBuilder MapRiskViolationsCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/risk/violations.csv", (HttpContext context, ClaimsPrincipal user, RiskRulesService rules, TimeProvider time, RiskRuleKind? kind) =>
            CsvDownload.WriteAsync(context, user, $"risk-violations-{IndianTime.Today(time):yyyyMMdd}.csv",
                "occurred_ist,rule,timing,observed,threshold,action,message,order",
                async (userId, cancellationToken) => (await rules.ViolationsAsync(userId, kind, 100_000, cancellationToken)).Select(v => string.Join(',',
                    IndianTime.ToIst(v.OccurredAt).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), v.Kind, v.Timing,
                    v.ObservedValue.ToString(CultureInfo.InvariantCulture), v.Threshold.ToString(CultureInfo.InvariantCulture), v.ActionTaken,
                    CsvDownload.Quoted(v.Message), CsvDownload.Quoted(v.OrderRequest))))).RequireAuthorization();
        return app;
    }
}
