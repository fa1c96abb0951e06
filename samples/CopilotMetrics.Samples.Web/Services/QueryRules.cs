namespace CopilotMetrics.Samples.Web.Services;

/// <summary>
/// The API's query strings name each parameter once: <c>?since=a&amp;since=b</c> is a 400, not the first or the last
/// value silently (nor both joined with a comma, which is what binding one to a <see cref="string"/> parameter does).
/// </summary>
internal static class QueryRules
{
    public static ValueTask<object?> RejectRepeatedAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var (key, values) in context.HttpContext.Request.Query)
        {
            if (values.Count > 1)
            {
                return ValueTask.FromResult<object?>(Problems.BadRequest($"The query parameter {Problems.Quote(key)} is given {values.Count} times: give each parameter once."));
            }
        }

        return next(context);
    }
}
