namespace CopilotMetrics.Http;

/// <summary>Reads the <c>rel="next"</c> URL of GitHub's <c>Link</c> header.</summary>
internal static class LinkHeader
{
    public static Uri? Next(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            foreach (var part in value.Split(','))
            {
                var pieces = part.Split(';');
                var target = pieces[0].Trim();
                if (target.Length < 2 || target[0] != '<' || target[^1] != '>')
                {
                    continue;
                }

                for (var i = 1; i < pieces.Length; i++)
                {
                    var parameter = pieces[i].Trim();
                    if (parameter.Equals("rel=\"next\"", StringComparison.OrdinalIgnoreCase) || parameter.Equals("rel=next", StringComparison.OrdinalIgnoreCase))
                    {
                        return Uri.TryCreate(target[1..^1], UriKind.Absolute, out var next) ? next : null;
                    }
                }
            }
        }

        return null;
    }
}
