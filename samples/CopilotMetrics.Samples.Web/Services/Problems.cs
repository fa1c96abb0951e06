namespace CopilotMetrics.Samples.Web.Services;

internal static class Problems
{
    public static IResult BadRequest(string detail) =>
        Results.Problem(title: "Invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static IResult NotFound(string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static IResult NoStore() => NotFound(
        "No metrics store",
        "This endpoint reads the metrics store, and none is configured (direct mode). Set ENABLE_HISTORICAL_MODE=true " +
        "(and DATABASE_URL=postgres://… to keep the data) so that the sync fills a store.");
}
