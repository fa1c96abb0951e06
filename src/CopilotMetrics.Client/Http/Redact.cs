namespace CopilotMetrics;

/// <summary>Removes secrets from what is logged or thrown.</summary>
internal static class Redact
{
    /// <summary>Scheme, host and path of a URL: never its query string, which carries the signature.</summary>
    public static string Url(Uri? uri) =>
        uri is null ? "(none)" : uri.IsAbsoluteUri ? uri.GetLeftPart(UriPartial.Path) : uri.OriginalString.Split('?')[0];
}
