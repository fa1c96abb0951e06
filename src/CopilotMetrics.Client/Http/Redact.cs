namespace CopilotMetrics;

/// <summary>Removes secrets from what is logged or thrown.</summary>
internal static class Redact
{
    private const int MaxLinkText = 200;

    /// <summary>
    /// Scheme, host, port and path of a URL: never its user info, query string or fragment, which can carry the signature.
    /// The path is cut at a <c>?</c> too, for schemes without a query (in an <c>ftp:</c> URL it is part of the path).
    /// </summary>
    public static string Url(Uri? uri) =>
        uri is null ? "(none)" : Link(uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped) : uri.OriginalString);

    /// <summary>A link as GitHub wrote it, cut before its query string or fragment (and shortened), for a message about a link that is not a URL.</summary>
    public static string Link(string? raw)
    {
        if (raw is null)
        {
            return "(null)";
        }

        var end = raw.AsSpan().IndexOfAny('?', '#');
        var kept = (end < 0 ? raw : raw[..end]).Trim();
        return kept.Length == 0 ? "(empty)" : kept.Length <= MaxLinkText ? kept : kept[..MaxLinkText] + "…";
    }
}
