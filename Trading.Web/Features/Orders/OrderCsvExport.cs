using System.Globalization;
using System.Security.Claims;
using System.Text;
using Trading.Data.Entities;
using Trading.Web.Components.Account;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Orders;

/// <summary><c>GET /orders/export.csv</c>: the blotter's filtered view as CSV, streamed row by row (a million rows never sit in memory).</summary>
public static class OrderCsvExport
{
    public static IEndpointRouteBuilder MapOrderCsvExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/orders/export.csv", async (HttpContext context, ClaimsPrincipal user, OrderQuery orders, TimeProvider time,
            OrderStatus? status, string? symbol, OrderSide? side, OrderSource? source, Guid? strategy, DateOnly? from, DateOnly? to) =>
        {
            if (user.GetUserId() is not { } userId)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"orders-{IndianTime.Today(time):yyyyMMdd}.csv\"";
            await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), 64 * 1024);
            await writer.WriteLineAsync("created_ist,order_id,client_order_id,broker_order_id,exchange,symbol,side,type,product,variety,validity,quantity,price,trigger_price,status,filled_quantity,average_price,source,error");
            var rows = 0;
            await foreach (var o in orders.StreamAsync(userId, new OrderFilter(status, symbol, side, source, strategy, from, to), context.RequestAborted))
            {
                await writer.WriteLineAsync(string.Join(',',
                    IndianTime.ToIst(o.CreatedAt).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), o.Id, Csv(o.ClientOrderId), Csv(o.BrokerOrderId),
                    o.Exchange, Csv(o.TradingSymbol), o.Side, o.OrderType, o.ProductType, o.Variety, o.Validity, o.Quantity,
                    Num(o.Price), Num(o.TriggerPrice), o.Status, o.FilledQuantity, Num(o.AverageFillPrice), o.Source, Csv(o.ErrorMessage)));
                if (++rows % 5_000 == 0) await writer.FlushAsync(context.RequestAborted);
            }
        }).RequireAuthorization();
        return app;
    }

    private static string Num(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>RFC 4180 quoting, and a leading quote for values a spreadsheet would run as a formula.</summary>
    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
