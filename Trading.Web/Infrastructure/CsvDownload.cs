using System.Security.Claims;
using System.Text;
using Trading.Web.Components.Account;

namespace Trading.Web.Infrastructure;

/// <summary>A CSV download of the signed-in user's own rows: 401 without one, UTF-8 without a BOM, the header, then each row.</summary>
public static class CsvDownload
{
    public static async Task WriteAsync(HttpContext context, ClaimsPrincipal user, string fileName, string header,
        Func<Guid, CancellationToken, Task<IEnumerable<string>>> rows)
    {
        if (user.GetUserId() is not { } userId)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false));
        await writer.WriteLineAsync(header);
        foreach (var row in await rows(userId, context.RequestAborted)) await writer.WriteLineAsync(row);
    }

    /// <summary>A text field quoted, its quotes doubled (empty when null).</summary>
    public static string Quoted(string? value) => value is null ? "" : $"\"{value.Replace("\"", "\"\"")}\"";
}
