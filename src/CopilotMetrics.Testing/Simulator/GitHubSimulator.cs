using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using CopilotMetrics.Testing.Simulation;

namespace CopilotMetrics.Testing;

/// <summary>
/// An offline fake of GitHub's Copilot usage metrics API for tests, samples and benchmarks: the twelve report
/// endpoints (envelopes of signed links), the signed file downloads on a separate host, the seats endpoints, and
/// injectable faults. Plug it into an <see cref="HttpClient"/> with <see cref="CreateHandler"/>, or into DI with
/// <c>AddCopilotMetrics(…).UseGitHubSimulator(simulator)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Report data comes from <see cref="ReportDataGenerator"/>, one per scope, so it is deterministic; the oracle methods
/// (<see cref="ExpectedUsers"/>, <see cref="ExpectedAggregate"/>, …) return exactly what the files hold. Days are
/// available from the scope's first day to <see cref="LastAvailableDay"/> (today UTC on the simulator's
/// <see cref="TimeProvider"/> minus <see cref="GitHubSimulatorOptions.AvailabilityLagDays"/>), at most a year back;
/// other days answer 204.
/// </para>
/// <para>
/// Every API response carries <c>x-github-request-id</c> and the <c>x-ratelimit-*</c> headers (a 5,000 per hour
/// budget that is reported, never enforced); download responses carry <c>x-github-request-id</c> only. A download
/// request that carries an <c>Authorization</c> header is answered 400 and counted in <see cref="TokenLeaks"/>.
/// </para>
/// <para>Thread-safe: one simulator serves any number of handlers and concurrent requests.</para>
/// </remarks>
public sealed partial class GitHubSimulator
{
    /// <summary>The token the simulator accepts by default.</summary>
    public const string DefaultToken = "simulator-token";

    internal static readonly DateOnly EnterpriseFirstDay = new(2025, 10, 10);
    internal static readonly DateOnly OrganizationFirstDay = new(2025, 12, 12);

    private const int HistoryDays = 365;

    private readonly TimeProvider _time;
    private readonly ScopeState[] _scopes;
    private readonly ReportStore _store;
    private readonly byte[] _signingKey;
    private readonly int _lagDays;
    private readonly TimeSpan _linkLifetime;
    private readonly bool _gzip;
    private readonly TimeSpan _latency;
    private readonly int _requestLogLimit;
    private readonly object _logSync = new();
    private readonly Queue<SimulatorRequest> _requests = new();
    private readonly ConcurrentDictionary<(int Scope, ReportType Report, DateOnly Day), int> _downloads = new();
    private readonly object _rateSync = new();
    private int _tokenLeaks;
    private long _requestCounter;
    private long _rateWindow;
    private int _rateUsed;

    /// <summary>Creates a simulator.</summary>
    /// <param name="options">The options (validated; read once).</param>
    /// <param name="timeProvider">The clock deciding the available days and link expiry; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public GitHubSimulator(GitHubSimulatorOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        ApiBaseAddress = WithSlash(options.ApiBaseAddress);
        DownloadBaseAddress = WithSlash(options.DownloadBaseAddress);
        Token = options.Token;
        _lagDays = options.AvailabilityLagDays;
        _linkLifetime = options.LinkLifetime;
        _gzip = options.GzipDownloads;
        _latency = options.Latency;
        _requestLogLimit = options.RequestLogLimit;
        _scopes = options.Scopes.Select((s, i) => new ScopeState(i, s)).ToArray();
        _store = new ReportStore(new BoundedCache(options.CacheSizeLimit));
        _signingKey = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"copilot-metrics-simulator:{options.Seed}")));
        Faults = new SimulatorFaultCollection(options.Seed);
        Scopes = _scopes.Select(s => s.Scope).ToArray();
    }

    /// <summary>The API address the simulator answers for (ends with <c>/</c>).</summary>
    public Uri ApiBaseAddress { get; }

    /// <summary>The host of the signed download links (ends with <c>/</c>).</summary>
    public Uri DownloadBaseAddress { get; }

    /// <summary>The token API requests must carry; <see langword="null"/> when any token is accepted.</summary>
    public string? Token { get; }

    /// <summary>The simulator's clock.</summary>
    public TimeProvider TimeProvider => _time;

    /// <summary>The organizations and enterprises the simulator knows.</summary>
    public IReadOnlyList<MetricsScope> Scopes { get; }

    /// <summary>The faults; add and remove them at any time.</summary>
    public SimulatorFaultCollection Faults { get; }

    /// <summary>The newest day with reports: today (UTC, per the simulator's clock) minus the availability lag.</summary>
    public DateOnly LastAvailableDay => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime).AddDays(-_lagDays);

    /// <summary>The requests answered so far (the newest <see cref="GitHubSimulatorOptions.RequestLogLimit"/>), oldest first; a snapshot.</summary>
    public IReadOnlyList<SimulatorRequest> Requests
    {
        get
        {
            lock (_logSync)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Download requests that carried an <c>Authorization</c> header (each answered 400). A correct client keeps this at 0.</summary>
    public int TokenLeaks => Volatile.Read(ref _tokenLeaks);

    /// <summary>
    /// A simulator for demos: organization <c>org:octo-org</c> with 120 users and enterprise <c>enterprise:octo-ent</c>
    /// with 300 users, token <see cref="DefaultToken"/>.
    /// </summary>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <returns>The simulator.</returns>
    public static GitHubSimulator CreateDefault(TimeProvider? time = null)
    {
        var options = new GitHubSimulatorOptions
        {
            Scopes =
            {
                new SimulatedScope { Scope = MetricsScope.Organization("octo-org"), Data = new ReportDataGeneratorOptions { Seed = 1, Users = 120, Teams = 8 } },
                new SimulatedScope { Scope = MetricsScope.Enterprise("octo-ent"), Data = new ReportDataGeneratorOptions { Seed = 2, Users = 300, Teams = 16, OrganizationId = null } },
            },
        };
        return new GitHubSimulator(options, time);
    }

    /// <summary>
    /// A new message handler that answers from this simulator. Every handler shares the simulator's state, so
    /// <see cref="IHttpClientFactory"/> may rotate and dispose them freely.
    /// </summary>
    /// <returns>The handler.</returns>
    public HttpMessageHandler CreateHandler() => new SimulatorHandler(this);

    /// <summary>The first day with reports for a scope (its first day, or a year before <see cref="LastAvailableDay"/> if later).</summary>
    /// <param name="scope">A scope the simulator knows.</param>
    /// <returns>The day.</returns>
    public DateOnly FirstAvailableDay(MetricsScope scope) => FirstAvailable(Find(scope));

    /// <summary>How many files were served (200) for a report of a scope.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="report">The report.</param>
    /// <param name="day">The day (the window's last day for 28-day reports); <see langword="null"/> counts every day.</param>
    /// <returns>The count since the simulator was created or <see cref="Reset"/>.</returns>
    public int DownloadCount(MetricsScope scope, ReportType report, DateOnly? day = null)
    {
        var index = Find(scope).Index;
        return _downloads.Where(p => p.Key.Scope == index && p.Key.Report == report && (day is null || p.Key.Day == day)).Sum(p => p.Value);
    }

    /// <summary>
    /// A late correction of a day's data: later envelopes hand out links to new files in which every activity counter
    /// of the day (user rows, their breakdowns, the aggregate and repository counters) is multiplied by
    /// revision + 1, so every sum stays consistent. Links handed out before keep serving the old files.
    /// </summary>
    /// <param name="scope">The scope.</param>
    /// <param name="day">The day.</param>
    /// <returns>The day's new revision (1 for the first correction).</returns>
    public int Correct(MetricsScope scope, DateOnly day) => Find(scope).Correct(day);

    /// <summary>The current revision of a day (0 until <see cref="Correct"/> is called for it).</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="day">The day.</param>
    /// <returns>The revision.</returns>
    public int Revision(MetricsScope scope, DateOnly day)
    {
        var state = Find(scope);
        return state.RevisionAt(day, state.Version);
    }

    /// <summary>Exactly the <c>users-1-day</c> records the simulator serves for a day now; empty when the day has no report.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="day">The day.</param>
    /// <returns>The records, in file order.</returns>
    public IReadOnlyList<UserDayRecord> ExpectedUsers(MetricsScope scope, DateOnly day) => ExpectedDaily<UserDayRecord>(scope, ReportType.Users1Day, day, (s, d) => s.Generator.GenerateUsers(d));

    /// <summary>Exactly the <c>user-teams-1-day</c> records the simulator serves for a day now; empty when the day has no report.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="day">The day.</param>
    /// <returns>The records, in file order.</returns>
    public IReadOnlyList<UserTeamRecord> ExpectedUserTeams(MetricsScope scope, DateOnly day) => ExpectedDaily<UserTeamRecord>(scope, ReportType.UserTeams1Day, day, (s, d) => s.Generator.GenerateUserTeams(d));

    /// <summary>Exactly the <c>repos-1-day</c> records the simulator serves for a day now; empty when the day has no report.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="day">The day.</param>
    /// <returns>The records, in file order.</returns>
    public IReadOnlyList<RepositoryDayRecord> ExpectedRepositories(MetricsScope scope, DateOnly day) => ExpectedDaily<RepositoryDayRecord>(scope, ReportType.Repositories1Day, day, (s, d) => s.Generator.GenerateRepositories(d, s.RepositoryOwners));

    /// <summary>Exactly the aggregate (<c>organization-1-day</c> / <c>enterprise-1-day</c>) record served for a day now; <see langword="null"/> when the day has no report.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="day">The day.</param>
    /// <returns>The record.</returns>
    public AggregateDayRecord? ExpectedAggregate(MetricsScope scope, DateOnly day) =>
        ExpectedDaily<AggregateDayRecord>(scope, ReportType.Aggregate1Day, day, (s, d) => [s.Generator.GenerateAggregate(d)]).SingleOrDefault();

    /// <summary>Exactly the records of the latest <c>users-28-day</c> report served now (one per user and day, with the window days); empty when there is none.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The records, in file order.</returns>
    public IReadOnlyList<UserDayRecord> ExpectedUsers28Day(MetricsScope scope) =>
        Parse<UserDayRecord>(Expected28DayFiles(Find(scope), ReportType.Users28Day));

    /// <summary>Exactly the day records of the latest 28-day aggregate report served now, in order; empty when there is none.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The day records.</returns>
    public IReadOnlyList<AggregateDayRecord> ExpectedAggregate28Day(MetricsScope scope) =>
        Parse<AggregateReport>(Expected28DayFiles(Find(scope), ReportType.Aggregate28Day)).SelectMany(r => r.DayTotals).ToList();

    /// <summary>Exactly the seats the seats endpoint lists now, in order (enterprise lists may hold a user twice).</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The seats.</returns>
    public IReadOnlyList<CopilotSeat> ExpectedSeats(MetricsScope scope) =>
        _store.Seats(Find(scope), LastAvailableDay, ApiBaseAddress).Seats.Select(s => ReportJson.Deserialize<CopilotSeat>(s)).ToList();

    /// <summary>
    /// Clears what tests observe: the request log, the download counts, <see cref="TokenLeaks"/> and the rate-limit
    /// budget; removes every fault. Corrections (<see cref="Correct"/>) stay.
    /// </summary>
    public void Reset()
    {
        lock (_logSync)
        {
            _requests.Clear();
        }

        _downloads.Clear();
        Interlocked.Exchange(ref _tokenLeaks, 0);
        lock (_rateSync)
        {
            _rateUsed = 0;
        }

        Faults.Clear();
    }

    /// <inheritdoc />
    public override string ToString() => $"GitHubSimulator({ApiBaseAddress}, {string.Join(", ", Scopes)})";

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    private ScopeState Find(MetricsScope scope) =>
        _scopes.FirstOrDefault(s => s.Matches(scope.Kind, scope.Name ?? ""))
        ?? throw new ArgumentException($"The simulator does not know {scope}; it knows {string.Join(", ", Scopes)}.", nameof(scope));

    private ScopeState? Find(ScopeKind kind, string name) => _scopes.FirstOrDefault(s => s.Matches(kind, name));

    private DateOnly FirstAvailable(ScopeState scope)
    {
        var yearBack = LastAvailableDay.AddDays(-HistoryDays);
        return scope.FirstDay > yearBack ? scope.FirstDay : yearBack;
    }

    private bool IsAvailable(ScopeState scope, DateOnly day) => day >= FirstAvailable(scope) && day <= LastAvailableDay;

    private List<T> ExpectedDaily<T>(MetricsScope scope, ReportType report, DateOnly day, Func<ScopeState, DateOnly, IEnumerable<T>>? original)
        where T : ReportObject
    {
        var state = Find(scope);
        if (!IsAvailable(state, day))
        {
            return [];
        }

        var revision = state.RevisionAt(day, state.Version);
        if (revision == 0 && original is not null)
        {
            return original(state, day).ToList();
        }

        return Parse<T>([_store.DayFile(state, report, day, revision).Bytes]);
    }

    private List<byte[]> Expected28DayFiles(ScopeState state, ReportType report)
    {
        var end = LastAvailableDay;
        if (end < FirstAvailable(state))
        {
            return [];
        }

        var version = state.Version;
        var parts = ReportStore.PartsOf(state, report, Window.Ending(end, state.FirstDay));
        return Enumerable.Range(0, parts).Select(i => _store.Part(state, report, end, version, i, parts).ToArray()).ToList();
    }

    private static List<T> Parse<T>(IEnumerable<byte[]> files)
        where T : ReportObject
    {
        var records = new List<T>();
        foreach (var file in files)
        {
            var rest = file.AsSpan();
            while (!rest.IsEmpty)
            {
                var newline = rest.IndexOf((byte)'\n');
                var line = newline < 0 ? rest : rest[..newline];
                rest = newline < 0 ? default : rest[(newline + 1)..];
                if (!line.Trim(" \t\r"u8).IsEmpty)
                {
                    records.Add(ReportJson.Deserialize<T>(line));
                }
            }
        }

        return records;
    }

    private void Record(SimulatorRequest request)
    {
        if (_requestLogLimit == 0)
        {
            return;
        }

        lock (_logSync)
        {
            _requests.Enqueue(request);
            while (_requests.Count > _requestLogLimit)
            {
                _requests.Dequeue();
            }
        }
    }

    private sealed class SimulatorHandler(GitHubSimulator simulator) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            simulator.HandleAsync(request, cancellationToken);

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
            simulator.HandleAsync(request, cancellationToken).GetAwaiter().GetResult();
    }
}
