namespace CopilotMetrics.Samples.Web.Services;

internal static class Problems
{
    /// <summary>The most characters of a caller's input a problem quotes.</summary>
    public const int MaxQuoted = 64;

    /// <summary>The longest detail a 400 carries: a message never echoes kilobytes of input.</summary>
    public const int MaxDetail = 500;

    public static IResult BadRequest(string detail) =>
        Results.Problem(title: "Invalid request", detail: detail.Length <= MaxDetail ? detail : detail[..(MaxDetail - 1)] + "…", statusCode: StatusCodes.Status400BadRequest);

    public static IResult NotFound(string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static IResult NoStore() => NotFound(
        "No metrics store",
        "This endpoint reads the metrics store, and none is configured (direct mode). Set ENABLE_HISTORICAL_MODE=true " +
        "(and DATABASE_URL=postgres://… to keep the data) so that the sync fills a store.");

    /// <summary>A caller's text in quotes for a message, cut to <see cref="MaxQuoted"/> characters (with its length when cut).</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= MaxQuoted ? $"'{text}'" : $"'{text[..MaxQuoted]}…' ({text.Length:N0} characters)";
    }
}
