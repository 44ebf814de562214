using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;

namespace Trading.Web.Infrastructure;

public static class ErrorPages
{
    /// <summary>
    /// When the error or not-found page is shown for a failed request, it is shown as a GET: the form that failed (a
    /// POST without a valid antiforgery token, say) must not be validated again by the error page, or that would fail too
    /// and leave the visitor with the framework's raw answer.
    /// </summary>
    public static IApplicationBuilder UseErrorPagesAsPlainGets(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Features.Get<IExceptionHandlerPathFeature>() is not null || context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            context.Request.Method = HttpMethods.Get;
            context.Features.Set<IAntiforgeryValidationFeature>(null);
        }
        return next(context);
    });
}
