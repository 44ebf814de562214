using System.Globalization;
using System.Security.Claims;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Sessions;

/// <summary><c>GET /sessions.csv?from=yyyy-MM-dd&amp;to=yyyy-MM-dd</c>: the signed-in trader's trading days as CSV (default: the last 90 days).</summary>
public static class SessionsCsv
{
    public static IEndpointRouteBuilder MapSessionsCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sessions.csv", (HttpContext context, ClaimsPrincipal user, TradingSessions sessions, TimeProvider time, DateOnly? from, DateOnly? to) =>
        {
            var last = to ?? IndianTime.Today(time);
            var first = from ?? last.AddDays(-90);
            return CsvDownload.WriteAsync(context, user, $"trading-days-{first:yyyyMMdd}-{last:yyyyMMdd}.csv",
                "day,opening_capital,deposits,withdrawals,realized_pnl,unrealized_pnl,charges,net_pnl,closing_capital,orders_placed," +
                "orders_filled,orders_rejected,orders_cancelled,success_rate_percent,max_drawdown,rule_breaches,strategies_active,status",
                async (userId, cancellationToken) => (await sessions.ListAsync(userId, first, last, cancellationToken)).Select(s => string.Join(',',
                    s.TradingDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), N(s.OpeningCapital), N(s.Deposits), N(s.Withdrawals), N(s.RealizedPnl),
                    N(s.UnrealizedPnl), N(s.Charges), N(s.NetPnl), N(s.ClosingCapital), s.OrdersPlaced, s.OrdersFilled, s.OrdersRejected, s.OrdersCancelled,
                    N(s.SuccessRate), N(s.MaxDrawdown), s.RuleBreaches, s.StrategiesActive, SessionsPage.StatusOf(s))));
        }).RequireAuthorization();
        return app;
    }

    private static string N(decimal? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";
}
