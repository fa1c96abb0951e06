using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CopilotMetrics.Auth;
using CopilotMetrics.Http;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CopilotMetrics;

/// <summary>
/// The client for GitHub's Copilot usage metrics reports, seats and AI-credit billing. Get it from DI after
/// <c>services.AddCopilotMetrics(…)</c>. It holds no <see cref="HttpClient"/>: each call takes one from
/// <see cref="IHttpClientFactory"/>, so it is safe as a singleton. Methods are virtual for mocking.
/// </summary>
/// <remarks>
/// Report files are downloaded from GitHub's signed links without the GitHub token, parsed as they stream in, and
/// never held whole in memory. An expired link gets the report's links requested again (once). A file cut short is a
/// <see cref="ReportDownloadException"/>, never a silently short report.
/// </remarks>
public partial class CopilotMetricsClient
{
    private readonly IHttpClientFactory _httpClientFactory = null!;
    private readonly IOptionsMonitor<CopilotMetricsOptions> _options = null!;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger _logger = NullLogger.Instance;
    private readonly ClientMetrics _metrics = null!;
    private readonly GitHubTokenProvider? _tokens;

    /// <summary>For mocking only.</summary>
    protected CopilotMetricsClient()
    {
    }

    /// <summary>Creates the client (DI does this).</summary>
    /// <param name="httpClientFactory">Supplies the clients registered by <c>AddCopilotMetrics</c>.</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">Logging; optional.</param>
    /// <param name="meterFactory">Metrics; optional.</param>
    /// <param name="tokenProvider">The provider the API client's handler takes tokens from, for <see cref="ValidateCredentialsAsync"/>; optional.</param>
    public CopilotMetricsClient(IHttpClientFactory httpClientFactory, IOptionsMonitor<CopilotMetricsOptions> options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null, GitHubTokenProvider? tokenProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _httpClientFactory = httpClientFactory;
        _options = options;
        _time = timeProvider;
        _logger = (ILogger?)loggerFactory?.CreateLogger<CopilotMetricsClient>() ?? NullLogger.Instance;
        _metrics = ClientMetrics.For(meterFactory);
        _tokens = tokenProvider;
    }

    /// <summary>
    /// Checks, before any report is requested, that the client has usable credentials for <paramref name="scope"/>:
    /// a token is configured for it (<see cref="CopilotMetricsOptions.Token"/>, its entry in
    /// <see cref="CopilotMetricsOptions.ScopeTokens"/>, a GitHub App or your own <see cref="GitHubTokenProvider"/>),
    /// and a GitHub App can mint an installation token for it. A transient failure (a 5xx while minting) is not
    /// reported here: the requests themselves retry it.
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task.</returns>
    /// <exception cref="OptionsValidationException">No usable credentials; the message names the setting to fix.</exception>
    public virtual async Task ValidateCredentialsAsync(MetricsScope scope, CancellationToken cancellationToken = default)
    {
        if (_tokens is null)
        {
            return;
        }

        string? failure;
        try
        {
            var token = await _tokens.GetTokenAsync(scope, cancellationToken).ConfigureAwait(false);
            failure = string.IsNullOrWhiteSpace(token) ? $"The GitHubTokenProvider returned an empty token for {scope}." : null;
        }
        catch (GitHubApiException ex) when (ex.IsTransient)
        {
            return; // not a configuration error: the requests themselves retry it
        }
        catch (GitHubApiException ex)
        {
            failure = $"The credentials for {scope} were refused: {ex.Message}";
        }
        catch (CopilotMetricsException ex) when (ex is not GitHubApiException)
        {
            failure = ex.Message;
        }

        if (failure is not null)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(CopilotMetricsOptions), [failure]);
        }
    }

    /// <summary>
    /// Asks GitHub for a report's signed download links. Returns <see langword="null"/> when there is no report (yet):
    /// GitHub answered 204, an empty body, or no links.
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="report">The report.</param>
    /// <param name="day">The day (UTC) for the 1-day reports; <see langword="null"/> for the 28-day "latest" reports.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The links, or <see langword="null"/> when there is no report for the day.</returns>
    /// <exception cref="GitHubApiException">401, 403, 404 or another error; <see cref="GitHubApiException.Hint"/> says what to do.</exception>
    /// <exception cref="RateLimitExceededException">The rate limit asks for a longer wait than <see cref="CopilotMetricsOptions.MaxRateLimitWait"/>.</exception>
    /// <exception cref="CopilotMetricsException">GitHub's answer is not a valid envelope (wrong day, links that are not https).</exception>
    public virtual async Task<ReportLinks?> GetReportLinksAsync(MetricsScope scope, ReportType report, DateOnly? day, CancellationToken cancellationToken = default)
    {
        if (report.IsDaily() != day.HasValue)
        {
            throw new ArgumentException(report.IsDaily() ? $"{report} needs a day." : $"{report} is the latest window only; pass no day.", nameof(day));
        }

        var dayText = day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var path = GitHubPaths.Report(scope, report, day);
        using var activity = CopilotMetricsTelemetry.ActivitySource.StartActivity("copilot_metrics.get_report_links");
        activity?.SetTag("copilot_metrics.scope", scope.ToString());
        activity?.SetTag("copilot_metrics.report", report.ToString());
        activity?.SetTag("copilot_metrics.day", dayText);
        Log.RequestingReport(_logger, report, scope, dayText ?? "latest");

        using var response = await SendApiAsync(scope, new Uri(_options.CurrentValue.BaseAddress, path), "report_links", null, cancellationToken).ConfigureAwait(false);
        var requestId = response.Headers.TryGetValues("x-github-request-id", out var ids) ? ids.FirstOrDefault() : null;
        var body = response.StatusCode == HttpStatusCode.NoContent ? [] : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var envelope = ParseEnvelope(body, path);
        if (envelope?.DownloadLinks is not { Count: > 0 } rawLinks)
        {
            Log.NoReport(_logger, report, scope, dayText ?? "latest", (int)response.StatusCode);
            return null;
        }

        var links = new List<Uri>(rawLinks.Count);
        for (var i = 0; i < rawLinks.Count; i++)
        {
            if (!Uri.TryCreate(rawLinks[i], UriKind.Absolute, out var link) || !IsDownloadLink(link))
            {
                // On Unix "/reports/x.ndjson" parses as the absolute file:///reports/x.ndjson (and a file URI is "loopback").
                throw new CopilotMetricsException(
                    $"GitHub's {GitHubPaths.ReportSegment(report, scope.Kind)} report of {scope}{(dayText is null ? "" : " for " + dayText)} has download link {i + 1} of {rawLinks.Count} " +
                    $"that is not an absolute https URL ({Redact.Link(rawLinks[i])}); refusing to download it.");
            }

            links.Add(link);
        }

        if (day is { } asked && envelope.ReportDay != asked)
        {
            throw new CopilotMetricsException($"GitHub's answer to {path} is the report for {envelope.ReportDay?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "no day"}, not {dayText}; not using it.");
        }

        if (day is null && (envelope.ReportStartDay is not { } start || envelope.ReportEndDay is not { } end || start > end))
        {
            throw new CopilotMetricsException($"GitHub's answer to {path} has no valid report_start_day/report_end_day window; not using it.");
        }

        return new ReportLinks(scope, report, day, links, envelope.ReportDay, envelope.ReportStartDay, envelope.ReportEndDay, requestId);
    }

    /// <summary>
    /// Opens one of a report's files for reading, decompressed, with its length checked. The GitHub token is never
    /// sent. A link that answers 401/403 as expired gets the report's links requested again once.
    /// </summary>
    /// <param name="links">The report's links from <see cref="GetReportLinksAsync"/>.</param>
    /// <param name="fileIndex">Which of <see cref="ReportLinks.DownloadLinks"/>.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The file's bytes; dispose it.</returns>
    /// <exception cref="ReportDownloadException">The file could not be downloaded, or was cut short while reading.</exception>
    public virtual Task<Stream> OpenReportFileAsync(ReportLinks links, int fileIndex, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentOutOfRangeException.ThrowIfNegative(fileIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fileIndex, links.DownloadLinks.Count);
        return OpenFileAsync(new LinksHolder(links), fileIndex, cancellationToken);
    }

    /// <summary>Streams a <c>users-1-day</c> report: one record per user active that day. Yields nothing when there is no report.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="day">The day (UTC).</param>
    /// <param name="readerOptions">How to parse the files (for example <see cref="MalformedLineHandling.Skip"/>); <see langword="null"/> for <see cref="CopilotMetricsOptions.Reader"/>.</param>
    /// <param name="statistics">Receives counts and skipped lines; optional.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records of every file, in order.</returns>
    public virtual IAsyncEnumerable<UserDayRecord> ReadUsersAsync(MetricsScope scope, DateOnly day, ReportReaderOptions? readerOptions = null, ReportReadStatistics? statistics = null, CancellationToken cancellationToken = default) =>
        ReadReportAsync(scope, ReportType.Users1Day, day, ReportReader.ReadUsersAsync, readerOptions, statistics, cancellationToken);

    /// <summary>Streams the latest <c>users-28-day</c> report: one record per user and day. Yields nothing when there is no report.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="readerOptions">How to parse the files (for example <see cref="MalformedLineHandling.Skip"/>); <see langword="null"/> for <see cref="CopilotMetricsOptions.Reader"/>.</param>
    /// <param name="statistics">Receives counts and skipped lines; optional.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records of every file, in order.</returns>
    public virtual IAsyncEnumerable<UserDayRecord> ReadUsers28DayAsync(MetricsScope scope, ReportReaderOptions? readerOptions = null, ReportReadStatistics? statistics = null, CancellationToken cancellationToken = default) =>
        ReadReportAsync(scope, ReportType.Users28Day, null, ReportReader.ReadUsersAsync, readerOptions, statistics, cancellationToken);

    /// <summary>Streams the records of a per-user report whose links you already have.</summary>
    /// <param name="links">Links of a <see cref="ReportType.Users1Day"/> or <see cref="ReportType.Users28Day"/> report.</param>
    /// <param name="readerOptions">How to parse the files (for example <see cref="MalformedLineHandling.Skip"/>); <see langword="null"/> for <see cref="CopilotMetricsOptions.Reader"/>.</param>
    /// <param name="statistics">Receives counts and skipped lines; optional.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records of every file, in order.</returns>
    public virtual IAsyncEnumerable<UserDayRecord> ReadUsersAsync(ReportLinks links, ReportReaderOptions? readerOptions, ReportReadStatistics? statistics, CancellationToken cancellationToken) =>
        ReadLinksAsync(links, [ReportType.Users1Day, ReportType.Users28Day], ReportReader.ReadUsersAsync, readerOptions, statistics, cancellationToken);

    /// <summary>Streams the aggregate report of one day (one record). Yields nothing when there is no report.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="day">The day (UTC).</param>
    /// <param name="readerOptions">How to parse the files (for example <see cref="MalformedLineHandling.Skip"/>); <see langword="null"/> for <see cref="CopilotMetricsOptions.Reader"/>.</param>
    /// <param name="statistics">Receives counts and skipped lines; optional.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The day's record.</returns>
    public virtual IAsyncEnumerable<AggregateDayRecord> ReadAggregateDaysAsync(MetricsScope scope, DateOnly day, ReportReaderOptions? readerOptions = null, ReportReadStatistics? statistics = null, CancellationToken cancellationToken = default) =>
        ReadReportAsync(scope, ReportType.Aggregate1Day, day, ReportReader.ReadAggregateDaysAsync, readerOptions, statistics, cancellationToken);

    /// <summary>Streams the latest 28-day aggregate report: one record per day. Yields nothing when there is no report.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="readerOptions">How to parse the files (for example <see cref="MalformedLineHandling.Skip"/>); <see langword="null"/> for <see cref="CopilotMetricsOptions.Reader"/>.</param>
    /// <param name="statistics">Receives counts and skipped lines; optional.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The day records, in order.</returns>
    public virtual IAsyncEnumerable<AggregateDayRecord> ReadAggregate28DayAsync(MetricsScope scope, ReportReaderOptions? readerOptions = null, ReportReadStatistics? statistics = null, CancellationToken cancellationToken = default) =>
        ReadReportAsync(scope, ReportType.Aggregate28Day, null, ReportReader.ReadAggregateDaysAsync, readerOptions, statistics, cancellationToken);

    /// <summary>Streams the records of an aggregate report whose links you already have.</summary>
    /// <param name="links">Links of a <see cref="ReportType.Aggregate1Day"/> or <see cref="ReportType.Aggregate28Day"/> report.</param>
    /// <param name="readerOptions">How to parse the files (for example <see cref="MalformedLineHandling.Skip"/>); <see langword="null"/> for <see cref="CopilotMetricsOptions.Reader"/>.</param>
    /// <param name="statistics">Receives counts and skipped lines; optional.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The day records, in order.</returns>
    public virtual IAsyncEnumerable<AggregateDayRecord> ReadAggregateDaysAsync(ReportLinks links, ReportReaderOptions? readerOptions, ReportReadStatistics? statistics, CancellationToken cancellationToken) =>
        ReadLinksAsync(links, [ReportType.Aggregate1Day, ReportType.Aggregate28Day], ReportReader.ReadAggregateDaysAsync, readerOptions, statistics, cancellationToken);

    /// <summary>Streams a <c>user-teams-1-day</c> report: one record per user and team. Yields nothing when there is no report.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="day">The day (UTC).</param>
    /// <param name="readerOptions">How to parse the files (for example <see cref="MalformedLineHandling.Skip"/>); <see langword="null"/> for <see cref="CopilotMetricsOptions.Reader"/>.</param>
    /// <param name="statistics">Receives counts and skipped lines; optional.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records of every file, in order.</returns>
    public virtual IAsyncEnumerable<UserTeamRecord> ReadUserTeamsAsync(MetricsScope scope, DateOnly day, ReportReaderOptions? readerOptions = null, ReportReadStatistics? statistics = null, CancellationToken cancellationToken = default) =>
        ReadReportAsync(scope, ReportType.UserTeams1Day, day, ReportReader.ReadUserTeamsAsync, readerOptions, statistics, cancellationToken);

    /// <summary>Streams the records of a user-teams report whose links you already have.</summary>
    /// <param name="links">Links of a <see cref="ReportType.UserTeams1Day"/> report.</param>
    /// <param name="readerOptions">How to parse the files (for example <see cref="MalformedLineHandling.Skip"/>); <see langword="null"/> for <see cref="CopilotMetricsOptions.Reader"/>.</param>
    /// <param name="statistics">Receives counts and skipped lines; optional.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records of every file, in order.</returns>
    public virtual IAsyncEnumerable<UserTeamRecord> ReadUserTeamsAsync(ReportLinks links, ReportReaderOptions? readerOptions, ReportReadStatistics? statistics, CancellationToken cancellationToken) =>
        ReadLinksAsync(links, [ReportType.UserTeams1Day], ReportReader.ReadUserTeamsAsync, readerOptions, statistics, cancellationToken);

    /// <summary>Streams a <c>repos-1-day</c> report: one record per repository. Yields nothing when there is no report.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="day">The day (UTC).</param>
    /// <param name="readerOptions">How to parse the files (for example <see cref="MalformedLineHandling.Skip"/>); <see langword="null"/> for <see cref="CopilotMetricsOptions.Reader"/>.</param>
    /// <param name="statistics">Receives counts and skipped lines; optional.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records of every file, in order.</returns>
    public virtual IAsyncEnumerable<RepositoryDayRecord> ReadRepositoriesAsync(MetricsScope scope, DateOnly day, ReportReaderOptions? readerOptions = null, ReportReadStatistics? statistics = null, CancellationToken cancellationToken = default) =>
        ReadReportAsync(scope, ReportType.Repositories1Day, day, ReportReader.ReadRepositoriesAsync, readerOptions, statistics, cancellationToken);

    /// <summary>Streams the records of a repositories report whose links you already have.</summary>
    /// <param name="links">Links of a <see cref="ReportType.Repositories1Day"/> report.</param>
    /// <param name="readerOptions">How to parse the files (for example <see cref="MalformedLineHandling.Skip"/>); <see langword="null"/> for <see cref="CopilotMetricsOptions.Reader"/>.</param>
    /// <param name="statistics">Receives counts and skipped lines; optional.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records of every file, in order.</returns>
    public virtual IAsyncEnumerable<RepositoryDayRecord> ReadRepositoriesAsync(ReportLinks links, ReportReaderOptions? readerOptions, ReportReadStatistics? statistics, CancellationToken cancellationToken) =>
        ReadLinksAsync(links, [ReportType.Repositories1Day], ReportReader.ReadRepositoriesAsync, readerOptions, statistics, cancellationToken);

    /// <summary>
    /// Streams the scope's Copilot seats, following <c>Link: rel="next"</c> until it ends (never computed from
    /// <c>total_seats</c>: the enterprise list can be longer).
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The seats, page by page.</returns>
    public virtual IAsyncEnumerable<CopilotSeat> GetSeatsAsync(MetricsScope scope, CancellationToken cancellationToken = default) =>
        GetSeatsCoreAsync(scope, cancellationToken);

    private async IAsyncEnumerable<CopilotSeat> GetSeatsCoreAsync(MetricsScope scope, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        Uri? next = new(options.BaseAddress, $"{GitHubPaths.Prefix(scope)}/copilot/billing/seats?per_page={options.SeatsPageSize.ToString(CultureInfo.InvariantCulture)}");
        var page = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (next is not null)
        {
            if (!seen.Add(next.AbsoluteUri) || ++page > 100_000)
            {
                throw new CopilotMetricsException($"GitHub's seat pages for {scope} link back to a page already read ({Redact.Url(next)}); stopping.");
            }

            if (!GitHubApiHandler.IsApiHost(next, options.BaseAddress))
            {
                throw new CopilotMetricsException($"GitHub's next seats page for {scope} is on another host ({Redact.Url(next)}); refusing to follow it.");
            }

            List<CopilotSeat> seats;
            using (var response = await SendApiAsync(scope, next, "seats", null, cancellationToken).ConfigureAwait(false))
            {
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                seats = body.Length == 0 ? [] : ParseJson(body, ClientJsonContext.Default.SeatsPage, next.AbsolutePath)?.Seats ?? [];
                next = LinkHeader.Next(response);
            }

            Log.SeatsPage(_logger, scope, page, seats.Count);
            foreach (var seat in seats)
            {
                yield return seat;
            }
        }
    }

    private async IAsyncEnumerable<T> ReadReportAsync<T>(MetricsScope scope, ReportType report, DateOnly? day, ReportParser<T> parse, ReportReaderOptions? readerOptions, ReportReadStatistics? statistics, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var links = await GetReportLinksAsync(scope, report, day, cancellationToken).ConfigureAwait(false);
        if (links is null)
        {
            yield break;
        }

        await foreach (var record in ReadLinksCoreAsync(links, parse, readerOptions, statistics, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    private IAsyncEnumerable<T> ReadLinksAsync<T>(ReportLinks links, ReportType[] accepted, ReportParser<T> parse, ReportReaderOptions? readerOptions, ReportReadStatistics? statistics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(links);
        if (Array.IndexOf(accepted, links.Report) < 0)
        {
            throw new ArgumentException($"These links are for {links.Report}, which does not hold {typeof(T).Name} records.", nameof(links));
        }

        return ReadLinksCoreAsync(links, parse, readerOptions, statistics, cancellationToken);
    }

    private async IAsyncEnumerable<T> ReadLinksCoreAsync<T>(ReportLinks links, ReportParser<T> parse, ReportReaderOptions? readerOptions, ReportReadStatistics? statistics, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        readerOptions ??= _options.CurrentValue.Reader;
        using var activity = CopilotMetricsTelemetry.ActivitySource.StartActivity("copilot_metrics.download_report");
        activity?.SetTag("copilot_metrics.scope", links.Scope.ToString());
        activity?.SetTag("copilot_metrics.report", links.Report.ToString());
        var started = _time.GetTimestamp();
        statistics ??= new ReportReadStatistics();
        var recordsBefore = statistics.Records;
        var bytesBefore = statistics.BytesRead;
        var holder = new LinksHolder(links);
        var reportTag = new KeyValuePair<string, object?>(ClientMetrics.ReportAttribute, links.Report.ToString());
        var index = 0;
        for (; index < holder.Links.DownloadLinks.Count; index++)
        {
            var stream = await OpenFileAsync(holder, index, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                statistics.SourceName = $"{links.Report} file {index + 1} of {holder.Links.DownloadLinks.Count} ({Redact.Url(holder.Links.DownloadLinks[index])})";
                await foreach (var record in parse(stream, readerOptions, statistics, cancellationToken).ConfigureAwait(false))
                {
                    yield return record;
                }
            }
        }

        var records = statistics.Records - recordsBefore;
        _metrics.Records.Add(records, reportTag);
        var elapsed = _time.GetElapsedTime(started);
        _metrics.DownloadDuration.Record(elapsed.TotalSeconds, reportTag);
        activity?.SetTag("copilot_metrics.records", records);
        Log.Downloaded(_logger, links.Report, links.Scope, index, statistics.BytesRead - bytesBefore, records, elapsed);
    }

    private async Task<Stream> OpenFileAsync(LinksHolder holder, int index, CancellationToken cancellationToken)
    {
        var client = _httpClientFactory.CreateClient(HttpClientNames.Downloads);
        for (var attempt = 0; ; attempt++)
        {
            if (index >= holder.Links.DownloadLinks.Count)
            {
                throw new ReportDownloadException(
                    $"The report's links changed while downloading: file {index + 1} no longer exists. Request the report again.",
                    Redact.Url(holder.Links.DownloadLinks.Count == 0 ? null : holder.Links.DownloadLinks[^1]), null, isTruncated: false);
            }

            var link = holder.Links.DownloadLinks[index];
            var location = Redact.Url(link);
            HttpResponseMessage response;
            using (var request = new HttpRequestMessage(HttpMethod.Get, link))
            {
                request.Headers.AcceptEncoding.ParseAdd("gzip, deflate");
                try
                {
                    response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (DownloadStream.IsFailure(ex, cancellationToken))
                {
                    // HttpRequestException, a timeout of the pipeline, or whatever a handler throws (NotSupportedException,
                    // InvalidOperationException, IOException, …): all of them are a failed download.
                    throw new ReportDownloadException($"Could not download {location}: {ex.Message}. Try again later.", location, null, isTruncated: false, ex);
                }
            }

            if (response.IsSuccessStatusCode)
            {
                return await OpenBodyAsync(response, link, location, cancellationToken).ConfigureAwait(false);
            }

            var status = response.StatusCode;
            var redirect = response.Headers.Location;
            response.Dispose();
            if ((int)status is >= 300 and < 400)
            {
                throw Redirected(location, link, status, redirect);
            }

            if (attempt == 0 && status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest or HttpStatusCode.Gone)
            {
                Log.LinkExpired(_logger, location, (int)status);
                var fresh = await GetReportLinksAsync(holder.Links.Scope, holder.Links.Report, holder.Links.RequestedDay, cancellationToken).ConfigureAwait(false)
                    ?? throw new ReportDownloadException($"{location} answered {(int)status} and GitHub now has no report for the day.", location, status, isTruncated: false);
                var old = holder.Links;
                if (index > 0 && (fresh.ReportDay != old.ReportDay || fresh.ReportStartDay != old.ReportStartDay || fresh.ReportEndDay != old.ReportEndDay || fresh.DownloadLinks.Count != old.DownloadLinks.Count))
                {
                    // Earlier files of the old report were already read: mixing in files of another report would lose
                    // some days and repeat others.
                    throw new ReportDownloadException(
                        $"{location} expired and GitHub's report changed meanwhile ({old.ReportStartDay ?? old.ReportDay:yyyy-MM-dd}..{old.ReportEndDay ?? old.ReportDay:yyyy-MM-dd}, {old.DownloadLinks.Count} file(s) became " +
                        $"{fresh.ReportStartDay ?? fresh.ReportDay:yyyy-MM-dd}..{fresh.ReportEndDay ?? fresh.ReportDay:yyyy-MM-dd}, {fresh.DownloadLinks.Count} file(s)); read the report again from the start.",
                        location, status, isTruncated: false);
                }

                holder.Links = fresh;
                continue;
            }

            throw new ReportDownloadException(
                $"Downloading {location} failed with {(int)status} {status}" + (attempt > 0 ? " even with freshly requested links" : "") + ". Try again later.",
                location, status, isTruncated: false);
        }
    }

    /// <summary>The successful response's body, decoded and checked as it is read; the response is disposed when this fails.</summary>
    private async Task<Stream> OpenBodyAsync(HttpResponseMessage response, Uri link, string location, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        try
        {
            // A handler of the caller's may follow redirects itself: the body must still have come over https.
            if (response.RequestMessage?.RequestUri is { IsAbsoluteUri: true } answeredFrom && answeredFrom != link && !IsDownloadLink(answeredFrom))
            {
                throw new ReportDownloadException(
                    $"{location} was answered from {Redact.Url(answeredFrom)} (a redirect the download client followed), which is not https; refusing the body. Request the report again.",
                    location, status, isTruncated: false);
            }

            Stream raw;
            try
            {
                raw = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (DownloadStream.IsFailure(ex, cancellationToken))
            {
                throw new ReportDownloadException($"The body of {location} could not be opened ({ex.Message}). Try again later.", location, status, isTruncated: false, ex);
            }

            var body = new DownloadStream(response, raw, location, n => _metrics.DownloadSize.Add(n));
            try
            {
                return DownloadStream.Decode(body, response, link);
            }
            catch
            {
                await body.DisposeAsync().ConfigureAwait(false); // and with it the response
                throw;
            }
        }
        catch (ReportDownloadException)
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A 3xx the download client did not follow: SocketsHttpHandler never follows https to http (or to another scheme),
    /// and a handler of the caller's may not follow redirects at all. Not retried: the link is GitHub's.
    /// </summary>
    private static ReportDownloadException Redirected(string location, Uri link, HttpStatusCode status, Uri? target)
    {
        var resolved = target is null ? null : target.IsAbsoluteUri ? target : new Uri(link, target);
        var reason = resolved is null
            ? "without a Location"
            : IsDownloadLink(resolved)
                ? $"to {Redact.Url(resolved)}, which the download client did not follow"
                : $"to {Redact.Url(resolved)}, which is not https: the signed file must not travel in clear text or leave https";
        return new ReportDownloadException($"Downloading {location} was redirected ({(int)status} {status}) {reason}; refusing it. Request the report again.", location, status, isTruncated: false);
    }

    private async Task<HttpResponseMessage> SendApiAsync(MetricsScope scope, Uri uri, string operation, Func<HttpStatusCode, string?>? hint, CancellationToken cancellationToken)
    {
        var client = _httpClientFactory.CreateClient(HttpClientNames.Api);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Options.Set(GitHubApiHandler.ScopeKey, scope);
        var started = _time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            _metrics.Requests.Add(1, new(ClientMetrics.OperationAttribute, operation), new("error.type", ex.GetType().FullName));
            throw new CopilotMetricsException($"Could not reach GitHub at {Redact.Url(uri)}: {ex.Message}. Check the network and CopilotMetrics:BaseAddress.", ex);
        }

        _metrics.Requests.Add(1, new(ClientMetrics.OperationAttribute, operation), new("http.response.status_code", (int)response.StatusCode));
        _metrics.RequestDuration.Record(_time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(ClientMetrics.OperationAttribute, operation));
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await GitHubErrors.CreateAsync(response, uri.AbsolutePath, hint?.Invoke(response.StatusCode), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether a report file may be downloaded from <paramref name="link"/>: an absolute https URL with a host, or http on
    /// a loopback host (a local test server). Never a file path, a UNC path or another scheme.
    /// </summary>
    private static bool IsDownloadLink(Uri link) =>
        link.IsAbsoluteUri && !link.IsFile && !link.IsUnc && link.Host.Length > 0
        && (link.Scheme == Uri.UriSchemeHttps || (link.Scheme == Uri.UriSchemeHttp && link.IsLoopback));

    private static ReportEnvelope? ParseEnvelope(byte[] body, string path)
    {
        var trimmed = body.AsSpan().Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty || trimmed.SequenceEqual("null"u8) || trimmed.SequenceEqual("\"\""u8))
        {
            return null;
        }

        return ParseJson(body, ClientJsonContext.Default.ReportEnvelope, path);
    }

    private static T? ParseJson<T>(byte[] body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string path)
    {
        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException ex)
        {
            throw new CopilotMetricsException($"GitHub's answer to {path.Split('?')[0]} is not the JSON expected ({ex.Message}).", ex);
        }
    }

    private sealed class LinksHolder(ReportLinks links)
    {
        public ReportLinks Links { get; set; } = links;
    }
}
