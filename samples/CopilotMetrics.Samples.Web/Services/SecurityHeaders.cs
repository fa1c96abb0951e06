namespace CopilotMetrics.Samples.Web.Services;

/// <summary>
/// The headers every response carries, set as the response starts (so that error pages, 404s and the exception
/// handler's answers have them too): no MIME sniffing, no framing, no referrer, and a Content-Security-Policy that
/// lets the dashboard (wwwroot: one script, one stylesheet, fetches to this origin, no inline script or style) work and
/// nothing else.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    });
}
