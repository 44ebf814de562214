using System.Globalization;
using System.Security.Claims;
using System.Text;
using Trading.Web.Components.Account;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Sessions;

/// <summary><c>GET /sessions.csv?from=yyyy-MM-dd&amp;to=yyyy-MM-dd</c>: the signed-in trader's trading days as CSV (default: the last 90 days).</summary>
public static class SessionsCsv
{
    public static IEndpointRouteBuilder MapSessionsCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sessions.csv", async (HttpContext context, ClaimsPrincipal user, TradingSessions sessions, TimeProvider time, DateOnly? from, DateOnly? to) =>
        {
            if (user.GetUserId() is not { } userId)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            var last = to ?? IndianTime.Today(time);
            var first = from ?? last.AddDays(-90);
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"trading-days-{first:yyyyMMdd}-{last:yyyyMMdd}.csv\"";
            await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false));
            await writer.WriteLineAsync("day,opening_capital,deposits,withdrawals,realized_pnl,unrealized_pnl,charges,net_pnl,closing_capital,orders_placed," +
                "orders_filled,orders_rejected,orders_cancelled,success_rate_percent,max_drawdown,rule_breaches,strategies_active,status");
            string N(decimal? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";
            foreach (var s in await sessions.ListAsync(userId, first, last, context.RequestAborted))
            {
                await writer.WriteLineAsync(string.Join(',', s.TradingDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), N(s.OpeningCapital), N(s.Deposits),
                    N(s.Withdrawals), N(s.RealizedPnl), N(s.UnrealizedPnl), N(s.Charges), N(s.NetPnl), N(s.ClosingCapital), s.OrdersPlaced, s.OrdersFilled,
                    s.OrdersRejected, s.OrdersCancelled, N(s.SuccessRate), N(s.MaxDrawdown), s.RuleBreaches, s.StrategiesActive, SessionsPage.StatusOf(s)));
            }
        }).RequireAuthorization();
        return app;
    }
}
