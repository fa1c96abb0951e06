using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CopilotMetrics.Testing.Simulation;

namespace CopilotMetrics.Testing;

/// <content>How the simulator answers requests.</content>
public sealed partial class GitHubSimulator
{
    private const int RateLimit = 5000;
    private const string DocsUrl = "https://docs.github.com/rest";
    private const string MetricsDocsUrl = "https://docs.github.com/rest/copilot/copilot-usage-metrics";
    private const string SeatsDocsUrl = "https://docs.github.com/rest/copilot/copilot-user-management";
    private const string RateDocsUrl = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api";
    private const string SecondaryLimitMessage =
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ";

    private static readonly string[] SupportedApiVersions = ["2022-11-28", "2026-03-10"];

    internal async Task<HttpResponseMessage> HandleAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            throw new InvalidOperationException("The GitHub simulator needs requests with an absolute URI.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var log = new SimulatorRequest
        {
            Timestamp = _time.GetUtcNow(),
            Method = request.Method.Method,
            Host = uri.Host,
            Path = Uri.UnescapeDataString(uri.AbsolutePath),
            Query = uri.Query,
            HasAuthorization = request.Headers.Authorization is not null || request.Headers.Contains("Authorization"),
            RequestId = string.Create(CultureInfo.InvariantCulture, $"5150:{Interlocked.Increment(ref _requestCounter):X6}:{_scopes.Length:X2}:SIM"),
        };

        if (_latency > TimeSpan.Zero)
        {
            await Task.Delay(_latency, _time, cancellationToken).ConfigureAwait(false);
        }

        HttpResponseMessage response;
        if (TryRelative(uri, ApiBaseAddress, out var apiSegments))
        {
            response = await HandleApiAsync(request, uri, apiSegments, log, cancellationToken).ConfigureAwait(false);
        }
        else if (TryRelative(uri, DownloadBaseAddress, out var downloadSegments))
        {
            response = await HandleDownloadAsync(request, uri, downloadSegments, log, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            response = Text(HttpStatusCode.NotFound, "text/plain", $"The GitHub simulator does not serve {uri.Host}.");
        }

        response.RequestMessage = request;
        response.Headers.TryAddWithoutValidation("x-github-request-id", log.RequestId);
        log.StatusCode = response.StatusCode;
        Record(log);
        return response;
    }

    // ---- API host --------------------------------------------------------------------------------------------

    private async Task<HttpResponseMessage> HandleApiAsync(HttpRequestMessage request, Uri uri, string[] segments, SimulatorRequest log, CancellationToken cancellationToken)
    {
        var (remaining, reset) = CountApiRequest();
        var response = await AnswerApiAsync(request, uri, segments, log, cancellationToken).ConfigureAwait(false);
        if (!response.Headers.Contains("x-ratelimit-remaining"))
        {
            response.Headers.TryAddWithoutValidation("x-ratelimit-remaining", remaining.ToString(CultureInfo.InvariantCulture));
            response.Headers.TryAddWithoutValidation("x-ratelimit-reset", reset.ToString(CultureInfo.InvariantCulture));
        }

        response.Headers.TryAddWithoutValidation("x-ratelimit-limit", RateLimit.ToString(CultureInfo.InvariantCulture));
        response.Headers.TryAddWithoutValidation("x-ratelimit-used", (RateLimit - remaining).ToString(CultureInfo.InvariantCulture));
        response.Headers.TryAddWithoutValidation("x-ratelimit-resource", "core");
        response.Headers.TryAddWithoutValidation("x-github-api-version-selected", ApiVersionOf(request) ?? SupportedApiVersions[0]);
        return response;
    }

    private async Task<HttpResponseMessage> AnswerApiAsync(HttpRequestMessage request, Uri uri, string[] segments, SimulatorRequest log, CancellationToken cancellationToken)
    {
        var auth = request.Headers.Authorization;
        if (auth is null || string.IsNullOrWhiteSpace(auth.Parameter)
            || !(auth.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || auth.Scheme.Equals("token", StringComparison.OrdinalIgnoreCase)))
        {
            return GitHubError(HttpStatusCode.Unauthorized, "Requires authentication", DocsUrl);
        }

        if (Token is not null && !string.Equals(auth.Parameter, Token, StringComparison.Ordinal))
        {
            return GitHubError(HttpStatusCode.Unauthorized, "Bad credentials", DocsUrl);
        }

        if (!request.Headers.TryGetValues("X-GitHub-Api-Version", out var versionValues))
        {
            return GitHubError(HttpStatusCode.BadRequest, "The simulator requires exactly one X-GitHub-Api-Version header (supported: 2022-11-28, 2026-03-10).", DocsUrl);
        }

        var versions = versionValues.ToArray();
        if (versions.Length != 1 || versions[0].Contains(',', StringComparison.Ordinal) || !SupportedApiVersions.Contains(versions[0].Trim()))
        {
            return GitHubError(HttpStatusCode.BadRequest, $"Unsupported 'X-GitHub-Api-Version' header value: '{string.Join(", ", versions)}'. Send exactly one of: 2022-11-28, 2026-03-10.", DocsUrl);
        }

        if (AnswerBilling(request, uri, segments, log) is { } billing)
        {
            return billing;
        }

        if (request.Method != HttpMethod.Get || segments.Length < 4 || segments[2] != "copilot")
        {
            return GitHubError(HttpStatusCode.NotFound, "Not Found", DocsUrl);
        }

        ScopeKind kind;
        switch (segments[0])
        {
            case "orgs":
                kind = ScopeKind.Organization;
                break;
            case "enterprises":
                kind = ScopeKind.Enterprise;
                break;
            default:
                return GitHubError(HttpStatusCode.NotFound, "Not Found", DocsUrl);
        }

        var isSeats = segments is [_, _, _, "billing", "seats"];
        ReportType? report = segments switch
        {
            [_, _, _, "metrics", "reports", var name] => ParseReport(kind, name, latest: false),
            [_, _, _, "metrics", "reports", var name, "latest"] => ParseReport(kind, name, latest: true),
            _ => null,
        };
        if (!isSeats && report is null)
        {
            return GitHubError(HttpStatusCode.NotFound, "Not Found", DocsUrl);
        }

        log.Target = isSeats ? FaultTarget.Seats : FaultTarget.Envelope;
        log.Report = report;
        var scope = Find(kind, segments[1]);
        if (scope is null)
        {
            return GitHubError(HttpStatusCode.NotFound, "Not Found", isSeats ? SeatsDocsUrl : MetricsDocsUrl);
        }

        log.Scope = scope.Scope;
        var query = ParseQuery(uri.Query);
        DateOnly? day = null;
        var dayValid = false;
        if (report is { } r && r.IsDaily() && query.TryGetValue("day", out var dayText))
        {
            dayValid = DateOnly.TryParseExact(dayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed);
            day = dayValid ? parsed : null;
        }

        var lastDay = LastAvailableDay;
        log.Day = day ?? (report is { } rr && !rr.IsDaily() ? lastDay : null);
        var (fault, delay) = Faults.Resolve(new RequestFacts(log.Target, scope.Scope, report, log.Day, null));
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }

        log.Fault = fault?.Kind;
        if (fault is not null && ApiFault(fault, log.RequestId) is { } faulted)
        {
            return faulted;
        }

        if (isSeats)
        {
            return Seats(scope, query, lastDay);
        }

        if (scope.PolicyDisabled)
        {
            return GitHubError(
                HttpStatusCode.Forbidden,
                $"Copilot usage metrics are disabled for {(kind == ScopeKind.Enterprise ? "this enterprise" : "this organization")}: the 'Copilot usage metrics' policy must be enabled to access these reports.",
                MetricsDocsUrl);
        }

        var expired = fault?.Kind == FaultKind.ExpiredLink;
        if (report!.Value.IsDaily())
        {
            if (!query.TryGetValue("day", out var askedDay))
            {
                return GitHubError(HttpStatusCode.UnprocessableEntity, "Invalid request.\n\n\"day\" wasn't supplied.", MetricsDocsUrl);
            }

            if (!dayValid)
            {
                return GitHubError(HttpStatusCode.BadRequest, $"Invalid value for \"day\": '{askedDay}'. Use YYYY-MM-DD.", MetricsDocsUrl);
            }

            if (fault?.Kind == FaultKind.NoContent || !IsAvailable(scope, day!.Value))
            {
                return new HttpResponseMessage(HttpStatusCode.NoContent) { Content = new ByteArrayContent([]) };
            }

            return Envelope(scope, report.Value, day.Value, null, expired);
        }

        if (fault?.Kind == FaultKind.NoContent || lastDay < FirstAvailable(scope))
        {
            return new HttpResponseMessage(HttpStatusCode.NoContent) { Content = new ByteArrayContent([]) };
        }

        return Envelope(scope, report.Value, lastDay, Window.Ending(lastDay, scope.FirstDay), expired);
    }

    private HttpResponseMessage? ApiFault(SimulatorFault fault, string requestId)
    {
        switch (fault.Kind)
        {
            case FaultKind.ServerError:
                return GitHubError(fault.StatusCode, fault.StatusCode == HttpStatusCode.InternalServerError ? "Server Error" : "Service temporarily unavailable", DocsUrl);

            case FaultKind.RateLimited429:
            {
                var response = GitHubError(HttpStatusCode.TooManyRequests, SecondaryLimitMessage + requestId + ".", RateDocsUrl + "#about-secondary-rate-limits");
                AddRetryAfter(response, fault.RetryAfter);
                return response;
            }

            case FaultKind.SecondaryRateLimit403:
            {
                var response = GitHubError(HttpStatusCode.Forbidden, SecondaryLimitMessage + requestId + ".", RateDocsUrl + "#about-secondary-rate-limits");
                AddRetryAfter(response, fault.RetryAfter);
                return response;
            }

            case FaultKind.PrimaryRateLimit403:
            {
                var response = GitHubError(HttpStatusCode.Forbidden, "API rate limit exceeded for user ID 583231. If you reach out to GitHub Support for help, please include the request ID " + requestId + ".", RateDocsUrl);
                var reset = _time.GetUtcNow() + fault.ResetAfter;
                response.Headers.TryAddWithoutValidation("x-ratelimit-remaining", "0");
                response.Headers.TryAddWithoutValidation("x-ratelimit-reset", CeilingUnixSeconds(reset).ToString(CultureInfo.InvariantCulture));
                return response;
            }

            case FaultKind.Forbidden403:
                return GitHubError(HttpStatusCode.Forbidden, "Resource not accessible by personal access token", DocsUrl);

            case FaultKind.NotFound404:
                return GitHubError(HttpStatusCode.NotFound, "Not Found", DocsUrl);

            default:
                return null; // ExpiredLink and NoContent shape the normal answer
        }
    }

    private HttpResponseMessage Envelope(ScopeState scope, ReportType report, DateOnly day, Window? window, bool expired)
    {
        var parts = ReportStore.PartsOf(scope, report, window);
        var version = scope.Version;
        var now = _time.GetUtcNow();
        var expiry = expired ? now.AddMinutes(-5) : now + _linkLifetime;
        var se = expiry.ToUnixTimeSeconds();
        var dayText = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var output = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("download_links");
            for (var i = 0; i < parts; i++)
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"{ScopeSegment(scope.Scope)}/{DownloadSegment(report, scope.Scope.Kind)}/{dayText}/part-{i + 1}-of-{parts}.ndjson");
                var query = string.Create(CultureInfo.InvariantCulture, $"v={version}&se={se}");
                writer.WriteStringValue($"{DownloadBaseAddress.AbsoluteUri}{path}?{query}&sig={Sign(path, query)}");
            }

            writer.WriteEndArray();
            if (window is null)
            {
                writer.WriteString("report_day", dayText);
            }
            else
            {
                writer.WriteString("report_start_day", window.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.WriteString("report_end_day", window.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            writer.WriteEndObject();
        }

        return Json(HttpStatusCode.OK, output.WrittenSpan.ToArray());
    }

    private HttpResponseMessage Seats(ScopeState scope, Dictionary<string, string> query, DateOnly lastDay)
    {
        var perPage = query.TryGetValue("per_page", out var pp) && int.TryParse(pp, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? Math.Min(p, 100) : 50;
        var page = query.TryGetValue("page", out var pg) && int.TryParse(pg, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
        var seats = _store.Seats(scope, lastDay, ApiBaseAddress);
        var pages = Math.Max(1, (seats.Seats.Length + perPage - 1) / perPage);
        var output = new ArrayBufferWriter<byte>(1024);
        output.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"total_seats\":{seats.TotalSeats},\"seats\":[")));
        var first = (long)(page - 1) * perPage;
        for (var i = first; i < Math.Min(first + perPage, seats.Seats.Length); i++)
        {
            if (i > first)
            {
                output.Write(","u8);
            }

            output.Write(seats.Seats[i]);
        }

        output.Write("]}"u8);
        var response = Json(HttpStatusCode.OK, output.WrittenSpan.ToArray());
        var links = new List<string>();
        var baseUrl = $"{ApiBaseAddress.AbsoluteUri}{ScopeSegment(scope.Scope)}/copilot/billing/seats";
        string Link(int target, string rel) => string.Create(CultureInfo.InvariantCulture, $"<{baseUrl}?per_page={perPage}&page={target}>; rel=\"{rel}\"");
        if (page > 1)
        {
            links.Add(Link(Math.Min(page - 1, pages), "prev"));
        }

        if (page < pages)
        {
            links.Add(Link(page + 1, "next"));
            links.Add(Link(pages, "last"));
        }

        if (page > 1)
        {
            links.Add(Link(1, "first"));
        }

        if (links.Count > 0)
        {
            response.Headers.TryAddWithoutValidation("Link", string.Join(", ", links));
        }

        return response;
    }

    // ---- download host ---------------------------------------------------------------------------------------

    private async Task<HttpResponseMessage> HandleDownloadAsync(HttpRequestMessage request, Uri uri, string[] segments, SimulatorRequest log, CancellationToken cancellationToken)
    {
        log.Target = FaultTarget.Download;
        if (log.HasAuthorization)
        {
            Interlocked.Increment(ref _tokenLeaks);
            return BlobError(HttpStatusCode.BadRequest, "InvalidAuthenticationInfo",
                "Authentication information is not given in the correct format: a request with a signature in its query string must not carry an Authorization header. (The client sent its GitHub token to the download host.)",
                log.RequestId, null);
        }

        if (request.Method != HttpMethod.Get)
        {
            return BlobError(HttpStatusCode.MethodNotAllowed, "UnsupportedHttpVerb", "The resource doesn't support the specified HTTP verb.", log.RequestId, null);
        }

        if (!TryParseDownload(segments, out var scope, out var report, out var day, out var index, out var parts))
        {
            return BlobError(HttpStatusCode.NotFound, "BlobNotFound", "The specified blob does not exist.", log.RequestId, null);
        }

        log.Scope = scope.Scope;
        log.Report = report;
        log.Day = day;
        log.FileIndex = index;
        var query = ParseQuery(uri.Query);
        var relative = uri.AbsolutePath[DownloadBaseAddress.AbsolutePath.Length..];
        if (!query.TryGetValue("v", out var v) || !query.TryGetValue("se", out var se) || !query.TryGetValue("sig", out var sig)
            || !int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || !long.TryParse(se, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return BlobError(HttpStatusCode.Forbidden, "AuthenticationFailed", "Server failed to authenticate the request. The signature fields of the query string are missing or not well formed.", log.RequestId, "Signature fields not well formed.");
        }

        var expected = Sign(relative, string.Create(CultureInfo.InvariantCulture, $"v={v}&se={se}"));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(sig)))
        {
            return BlobError(HttpStatusCode.Forbidden, "AuthenticationFailed", "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.", log.RequestId,
                "Signature did not match. String to sign used was r\n" + relative);
        }

        var now = _time.GetUtcNow();
        if (now.ToUnixTimeSeconds() >= expiry)
        {
            return BlobError(HttpStatusCode.Forbidden, "AuthenticationFailed", "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.", log.RequestId,
                string.Create(CultureInfo.InvariantCulture, $"Signature not valid in the specified time frame: Expiry [{DateTimeOffset.FromUnixTimeSeconds(expiry):R}] - Current [{now:R}]"));
        }

        var (fault, delay) = Faults.Resolve(new RequestFacts(FaultTarget.Download, scope.Scope, report, day, index));
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }

        log.Fault = fault?.Kind;
        switch (fault?.Kind)
        {
            case FaultKind.ServerError:
                return BlobError(fault.StatusCode, "ServerBusy", "The server is currently unable to receive requests. Please retry your request.", log.RequestId, null);
            case FaultKind.RateLimited429:
            {
                var response = BlobError(HttpStatusCode.TooManyRequests, "ServerBusy", "Egress is over the account limit.", log.RequestId, null);
                AddRetryAfter(response, fault.RetryAfter);
                return response;
            }

            case FaultKind.SecondaryRateLimit403 or FaultKind.PrimaryRateLimit403:
            {
                var response = BlobError(HttpStatusCode.Forbidden, "AccountRequestRateExceeded", "You have exceeded a secondary rate limit on the download host.", log.RequestId, null);
                AddRetryAfter(response, fault.RetryAfter);
                return response;
            }

            case FaultKind.ExpiredLink:
                return BlobError(HttpStatusCode.Forbidden, "AuthenticationFailed", "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.", log.RequestId,
                    string.Create(CultureInfo.InvariantCulture, $"Signature not valid in the specified time frame: Expiry [{now.AddMinutes(-1):R}] - Current [{now:R}]"));
            case FaultKind.Forbidden403:
                return BlobError(HttpStatusCode.Forbidden, "AuthorizationFailure", "This request is not authorized to perform this operation.", log.RequestId, null);
            case FaultKind.NotFound404:
                return BlobError(HttpStatusCode.NotFound, "BlobNotFound", "The specified blob does not exist.", log.RequestId, null);
        }

        var content = _store.Part(scope, report, day, version, index, parts);
        byte[]? gzip = null;
        if (fault?.Kind == FaultKind.MalformedLine)
        {
            content = PartContent.FromBytes(BreakLine(content.ToArray(), fault.Line, day));
            gzip = _gzip ? content.ToGzip() : null;
        }
        else if (fault?.Kind == FaultKind.ExtraProperty)
        {
            content = PartContent.FromBytes(AddProperties(content.ToArray(), fault.ExtraProperties));
            gzip = _gzip ? content.ToGzip() : null;
        }
        else if (_gzip)
        {
            gzip = _store.Gzip(scope, report, day, version, index, parts, content);
        }

        Func<Stream> open = gzip is null ? content.Open : () => new MemoryStream(gzip, writable: false);
        var length = gzip?.LongLength ?? content.Length;
        var declared = length;
        if (fault?.Kind == FaultKind.TruncatedBody)
        {
            var cut = length / 2;
            var reset = fault.Truncation == TruncationMode.DroppedConnection;
            var inner = open;
            open = () => new TruncatingStream(inner(), cut, reset);
            if (!reset)
            {
                declared = Math.Max(length, 1);
            }
        }

        var result = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamingContent(open, declared) };
        result.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        if (gzip is not null)
        {
            result.Content.Headers.ContentEncoding.Add("gzip");
        }

        result.Headers.TryAddWithoutValidation("x-ms-version", "2021-08-06");
        _downloads.AddOrUpdate((scope.Index, report, day), 1, (_, count) => count + 1);
        return result;
    }

    private bool TryParseDownload(string[] segments, out ScopeState scope, out ReportType report, out DateOnly day, out int index, out int parts)
    {
        scope = null!;
        report = default;
        day = default;
        index = parts = 0;
        if (segments.Length != 5)
        {
            return false;
        }

        ScopeKind kind;
        if (segments[0] == "orgs")
        {
            kind = ScopeKind.Organization;
        }
        else if (segments[0] == "enterprises")
        {
            kind = ScopeKind.Enterprise;
        }
        else
        {
            return false;
        }

        var found = Find(kind, segments[1]);
        var parsedReport = ReportTypes.All.Where(r => DownloadSegment(r, kind) == segments[2]).Select(r => (ReportType?)r).FirstOrDefault();
        if (found is null || parsedReport is null || !DateOnly.TryParseExact(segments[3], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return false;
        }

        // part-{i}-of-{n}.ndjson
        var file = segments[4];
        if (!file.StartsWith("part-", StringComparison.Ordinal) || !file.EndsWith(".ndjson", StringComparison.Ordinal))
        {
            return false;
        }

        var numbers = file["part-".Length..^".ndjson".Length].Split("-of-");
        if (numbers.Length != 2
            || !int.TryParse(numbers[0], NumberStyles.None, CultureInfo.InvariantCulture, out var oneBased)
            || !int.TryParse(numbers[1], NumberStyles.None, CultureInfo.InvariantCulture, out parts)
            || oneBased < 1 || oneBased > parts)
        {
            return false;
        }

        scope = found;
        report = parsedReport.Value;
        index = oneBased - 1;
        return true;
    }

    private static byte[] BreakLine(byte[] file, int line, DateOnly day)
    {
        var broken = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"day\":\"{day:yyyy-MM-dd}\",\"simulated_fault\":\"malformed line\",,\"user_id\":}}"));
        var starts = new DayFile(file).LineStarts;
        var lines = starts.Length - 1;
        if (lines == 0)
        {
            return [.. broken, (byte)'\n'];
        }

        var target = Math.Min(line, lines) - 1;
        var start = starts[target];
        var end = starts[target + 1];
        var hasNewline = end > start && file[end - 1] == (byte)'\n';
        var keepEnd = hasNewline ? end - 1 : end;
        return [.. file.AsSpan(0, start), .. broken, .. file.AsSpan(keepEnd)];
    }

    /// <summary>Adds the properties at <paramref name="paths"/> (valued 1) to every record line of an NDJSON file.</summary>
    private static byte[] AddProperties(byte[] file, IReadOnlyList<string> paths)
    {
        var output = new StringBuilder();
        foreach (var line in Encoding.UTF8.GetString(file).Split('\n'))
        {
            if (line.Length > 0 && System.Text.Json.Nodes.JsonNode.Parse(line) is System.Text.Json.Nodes.JsonObject record)
            {
                foreach (var path in paths)
                {
                    AddProperty(record, path.Split('.'), 0);
                }

                output.Append(record.ToJsonString()).Append('\n');
            }
            else if (line.Length > 0)
            {
                output.Append(line).Append('\n');
            }
        }

        return Encoding.UTF8.GetBytes(output.ToString());
    }

    private static void AddProperty(System.Text.Json.Nodes.JsonObject target, string[] segments, int index)
    {
        var segment = segments[index];
        if (index == segments.Length - 1)
        {
            target[segment] = 1;
            return;
        }

        var list = segment.EndsWith("[]", StringComparison.Ordinal);
        switch (target[list ? segment[..^2] : segment])
        {
            case System.Text.Json.Nodes.JsonArray items when list:
                foreach (var item in items.OfType<System.Text.Json.Nodes.JsonObject>())
                {
                    AddProperty(item, segments, index + 1);
                }

                break;
            case System.Text.Json.Nodes.JsonObject child when !list:
                AddProperty(child, segments, index + 1);
                break;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /// <summary>
    /// GitHub's report paths, written out here from GitHub's REST description (not taken from the client), so that a
    /// wrong path in the client answers 404 instead of passing: (scope kind, report) → path after <c>/reports/</c>.
    /// </summary>
    private static readonly (ScopeKind Kind, ReportType Report, string Path)[] ReportRoutes =
    [
        (ScopeKind.Organization, ReportType.Aggregate1Day, "organization-1-day"),
        (ScopeKind.Organization, ReportType.Aggregate28Day, "organization-28-day/latest"),
        (ScopeKind.Organization, ReportType.Users1Day, "users-1-day"),
        (ScopeKind.Organization, ReportType.Users28Day, "users-28-day/latest"),
        (ScopeKind.Organization, ReportType.UserTeams1Day, "user-teams-1-day"),
        (ScopeKind.Organization, ReportType.Repositories1Day, "repos-1-day"),
        (ScopeKind.Enterprise, ReportType.Aggregate1Day, "enterprise-1-day"),
        (ScopeKind.Enterprise, ReportType.Aggregate28Day, "enterprise-28-day/latest"),
        (ScopeKind.Enterprise, ReportType.Users1Day, "users-1-day"),
        (ScopeKind.Enterprise, ReportType.Users28Day, "users-28-day/latest"),
        (ScopeKind.Enterprise, ReportType.UserTeams1Day, "user-teams-1-day"),
        (ScopeKind.Enterprise, ReportType.Repositories1Day, "repos-1-day"),
    ];

    private static string RoutePath(ReportType report, ScopeKind kind) =>
        ReportRoutes.First(r => r.Kind == kind && r.Report == report).Path;

    private static ReportType? ParseReport(ScopeKind kind, string name, bool latest)
    {
        var path = latest ? name + "/latest" : name;
        foreach (var route in ReportRoutes)
        {
            if (route.Kind == kind && route.Path == path)
            {
                return route.Report;
            }
        }

        return null;
    }

    private static string DownloadSegment(ReportType report, ScopeKind kind)
    {
        var segment = RoutePath(report, kind);
        return segment.EndsWith("/latest", StringComparison.Ordinal) ? segment[..^"/latest".Length] : segment;
    }

    private static string ScopeSegment(MetricsScope scope) =>
        (scope.Kind == ScopeKind.Organization ? "orgs/" : "enterprises/") + Uri.EscapeDataString(scope.Name);

    private static string? ApiVersionOf(HttpRequestMessage request) =>
        request.Headers.TryGetValues("X-GitHub-Api-Version", out var values) ? values.FirstOrDefault() : null;

    private static bool TryRelative(Uri uri, Uri baseAddress, out string[] segments)
    {
        segments = [];
        if (!string.Equals(uri.Scheme, baseAddress.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(uri.IdnHost, baseAddress.IdnHost, StringComparison.OrdinalIgnoreCase)
            || uri.Port != baseAddress.Port
            || !uri.AbsolutePath.StartsWith(baseAddress.AbsolutePath, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        segments = uri.AbsolutePath[baseAddress.AbsolutePath.Length..]
            .Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(Uri.UnescapeDataString)
            .ToArray();
        return true;
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            result.TryAdd(name, value);
        }

        return result;
    }

    private string Sign(string path, string query)
    {
        var mac = HMACSHA256.HashData(_signingKey, Encoding.UTF8.GetBytes(path + "\n" + query));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private (int Remaining, long Reset) CountApiRequest()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var window = now - (now % 3600);
        lock (_rateSync)
        {
            if (window != _rateWindow)
            {
                _rateWindow = window;
                _rateUsed = 0;
            }

            _rateUsed++;
            return (Math.Max(0, RateLimit - _rateUsed), window + 3600);
        }
    }

    private static long CeilingUnixSeconds(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() + 999) / 1000;

    private static void AddRetryAfter(HttpResponseMessage response, TimeSpan? retryAfter)
    {
        if (retryAfter is { } after)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", ((long)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }
    }

    private static HttpResponseMessage GitHubError(HttpStatusCode status, string message, string documentationUrl)
    {
        var output = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            writer.WriteString("documentation_url", documentationUrl);
            writer.WriteString("status", ((int)status).ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return Json(status, output.WrittenSpan.ToArray());
    }

    private HttpResponseMessage BlobError(HttpStatusCode status, string code, string message, string requestId, string? detail)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>").Append(code).Append("</Code><Message>")
            .Append(System.Security.SecurityElement.Escape(message))
            .Append(CultureInfo.InvariantCulture, $"\nRequestId:{requestId}\nTime:{_time.GetUtcNow().UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}</Message>");
        if (detail is not null)
        {
            xml.Append("<AuthenticationErrorDetail>").Append(System.Security.SecurityElement.Escape(detail)).Append("</AuthenticationErrorDetail>");
        }

        xml.Append("</Error>");
        return Text(status, "application/xml", xml.ToString());
    }

    private static HttpResponseMessage Json(HttpStatusCode status, byte[] body)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(body) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return response;
    }

    private static HttpResponseMessage Text(HttpStatusCode status, string mediaType, string body)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        return response;
    }
}
