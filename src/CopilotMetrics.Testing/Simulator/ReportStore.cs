using System.Globalization;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Testing.Simulation;

/// <summary>An organization granting seats.</summary>
internal readonly record struct SeatOrganization(string Login, long Id);

/// <summary>A simulated organization or enterprise: its generator, its days and its corrections.</summary>
internal sealed class ScopeState
{
    private static readonly string[] EnterpriseOrganizationSuffixes = ["core", "labs", "apps"];

    private readonly object _sync = new();
    private readonly List<DateOnly> _corrections = [];

    public ScopeState(int index, SimulatedScope source)
    {
        Index = index;
        Scope = source.Scope;
        Data = new ReportDataGeneratorOptions
        {
            Seed = source.Data.Seed,
            Users = source.Data.Users,
            Teams = source.Data.Teams,
            WeekdayActiveShare = source.Data.WeekdayActiveShare,
            WeekendActiveShare = source.Data.WeekendActiveShare,
            EnterpriseId = source.Data.EnterpriseId,
            OrganizationId = source.Scope.Kind == ScopeKind.Organization ? source.Data.OrganizationId : null,
            LoginPrefix = source.Data.LoginPrefix,
        };
        Generator = new ReportDataGenerator(Data);
        FirstDay = source.EffectiveFirstDay;
        Files = source.FilesPerReport;
        PolicyDisabled = source.PolicyDisabled;
        DuplicateSeatShare = source.Scope.Kind == ScopeKind.Enterprise ? source.DuplicateSeatShare : 0;
        Hash = Mixer.Hash(Scope.ToString()) ^ Mixer.Mix((ulong)(uint)Data.Seed);
        if (Scope.Kind == ScopeKind.Organization)
        {
            var id = long.TryParse(Data.OrganizationId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 1_000_000 + (long)(Hash % 90_000_000);
            SeatOrganizations = [new SeatOrganization(Scope.Name, id)];
        }
        else
        {
            SeatOrganizations = EnterpriseOrganizationSuffixes
                .Select((suffix, i) => new SeatOrganization($"{Scope.Name}-{suffix}", 10_000_000 + (long)(new Mixer(Hash, 0x0A6, (ulong)i).Next() % 80_000_000)))
                .ToArray();
        }
    }

    public int Index { get; }

    public MetricsScope Scope { get; }

    public ReportDataGeneratorOptions Data { get; }

    public ReportDataGenerator Generator { get; }

    public DateOnly FirstDay { get; }

    public int Files { get; }

    public bool PolicyDisabled { get; }

    public double DuplicateSeatShare { get; }

    public ulong Hash { get; }

    public SeatOrganization[] SeatOrganizations { get; }

    /// <summary>Who owns the scope's repositories: the organization, or the enterprise's organizations in turn.</summary>
    public string[] RepositoryOwners => Scope.Kind == ScopeKind.Organization ? [Scope.Name] : [.. SeatOrganizations.Select(o => o.Login)];

    /// <summary>How many corrections the scope has had: the data version handed out in links.</summary>
    public int Version
    {
        get
        {
            lock (_sync)
            {
                return _corrections.Count;
            }
        }
    }

    public bool Matches(ScopeKind kind, string name) => Scope.Kind == kind && string.Equals(Scope.Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The revision of a day when the scope's data was at <paramref name="version"/>.</summary>
    public int RevisionAt(DateOnly day, int version)
    {
        lock (_sync)
        {
            var revision = 0;
            for (var i = 0; i < version && i < _corrections.Count; i++)
            {
                if (_corrections[i] == day)
                {
                    revision++;
                }
            }

            return revision;
        }
    }

    public int Correct(DateOnly day)
    {
        lock (_sync)
        {
            _corrections.Add(day);
            return _corrections.Count(d => d == day);
        }
    }

    public void ClearCorrections()
    {
        lock (_sync)
        {
            _corrections.Clear();
        }
    }
}

/// <summary>A 28-day window: its nominal start, its end and the days in it that have data.</summary>
internal sealed record Window(DateOnly Start, DateOnly End, DateOnly[] Days)
{
    public const int Length = 28;

    public static Window Ending(DateOnly end, DateOnly firstDay)
    {
        var start = end.AddDays(-(Length - 1));
        var from = start < firstDay ? firstDay : start;
        var days = new List<DateOnly>();
        for (var d = from; d <= end; d = d.AddDays(1))
        {
            days.Add(d);
        }

        return new Window(start, end, [.. days]);
    }
}

/// <summary>Generates the report files of every scope and keeps them in a bounded cache.</summary>
internal sealed class ReportStore(BoundedCache cache)
{
    public BoundedCache Cache => cache;

    /// <summary>How many files a report is served in.</summary>
    public static int PartsOf(ScopeState scope, ReportType report, Window? window) => report switch
    {
        ReportType.Aggregate1Day => 1,
        ReportType.Aggregate28Day or ReportType.Users28Day => Math.Max(1, Math.Min(scope.Files, window?.Days.Length ?? 1)),
        _ => scope.Files,
    };

    /// <summary>A 1-day report's whole file at a revision (users, user-teams, repos or the aggregate record).</summary>
    public DayFile DayFile(ScopeState scope, ReportType report, DateOnly day, int revision) =>
        cache.GetOrAdd(
            new CacheKey(scope.Index, CacheKind.DayFile, report, day, revision),
            () => revision == 0
                ? new DayFile(Generate(scope, report, day))
                : new DayFile(Corrections.ScaleLines(DayFile(scope, report, day, 0), revision)),
            f => f.SizeInBytes);

    /// <summary>The content of one file of a report, as it was at data version <paramref name="version"/>.</summary>
    public PartContent Part(ScopeState scope, ReportType report, DateOnly day, int version, int index, int parts)
    {
        switch (report)
        {
            case ReportType.Aggregate28Day:
            {
                var window = Window.Ending(day, scope.FirstDay);
                return PartContent.FromBytes(Aggregate28Parts(scope, window, version, parts)[index]);
            }

            case ReportType.Users28Day:
            {
                var window = Window.Ending(day, scope.FirstDay);
                var from = index * window.Days.Length / parts;
                var to = (index + 1) * window.Days.Length / parts;
                return Users28Part(scope, window, window.Days[from..to], version);
            }

            case ReportType.Aggregate1Day:
                return PartContent.FromBytes(DayFile(scope, report, day, scope.RevisionAt(day, version)).Bytes);

            default:
            {
                var file = DayFile(scope, report, day, scope.RevisionAt(day, version));
                return PartContent.FromBytes(file.Range(index * file.Lines / parts, (index + 1) * file.Lines / parts));
            }
        }
    }

    /// <summary>The gzip bytes of a file, cached like the files.</summary>
    public byte[] Gzip(ScopeState scope, ReportType report, DateOnly day, int version, int index, int parts, PartContent content) =>
        cache.GetOrAdd(
            new CacheKey(scope.Index, CacheKind.Gzip, report, day, report.IsDaily() ? scope.RevisionAt(day, version) : 0, index, parts, report.IsDaily() ? "" : WindowKey(scope, Window.Ending(day, scope.FirstDay), version)),
            content.ToGzip,
            b => b.Length);

    /// <summary>The seats of a scope as listed on <paramref name="lastDay"/>.</summary>
    public SeatList Seats(ScopeState scope, DateOnly lastDay, Uri apiBase) =>
        cache.GetOrAdd(
            new CacheKey(scope.Index, CacheKind.Seats, ReportType.Users1Day, lastDay, 0),
            () => SeatBuilder.Build(scope, lastDay, apiBase),
            s => s.SizeInBytes);

    private static byte[] Generate(ScopeState scope, ReportType report, DateOnly day) => report switch
    {
        ReportType.Users1Day => ReportDataGenerator.ToNdjson(scope.Generator.GenerateUsers(day)),
        ReportType.UserTeams1Day => ReportDataGenerator.ToNdjson(scope.Generator.GenerateUserTeams(day)),
        ReportType.Repositories1Day => ReportDataGenerator.ToNdjson(scope.Generator.GenerateRepositories(day, scope.RepositoryOwners)),
        ReportType.Aggregate1Day => ReportDataGenerator.ToNdjson([scope.Generator.GenerateAggregate(day)]),
        _ => throw new ArgumentOutOfRangeException(nameof(report), report, "Not a 1-day report."),
    };

    /// <summary>The revisions of the corrected days of a window, as a cache discriminator.</summary>
    private static string WindowKey(ScopeState scope, Window window, int version) =>
        string.Join(',', window.Days
            .Select(d => (Day: d, Revision: scope.RevisionAt(d, version)))
            .Where(x => x.Revision > 0)
            .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Day.DayNumber}:{x.Revision}")));

    private byte[][] Aggregate28Parts(ScopeState scope, Window window, int version, int parts)
    {
        var key = WindowKey(scope, window, version);
        return cache.GetOrAdd(
            new CacheKey(scope.Index, CacheKind.Aggregate28Parts, ReportType.Aggregate28Day, window.End, 0, 0, parts, key),
            () =>
            {
                var report = cache.GetOrAdd(
                    new CacheKey(scope.Index, CacheKind.WindowAggregate, ReportType.Aggregate28Day, window.End, 0),
                    () => scope.Generator.GenerateAggregateReport(window.End),
                    r => 4096L * Math.Max(1, r.DayTotals.Count));
                var days = report.DayTotals
                    .Where(d => window.Days.Length > 0 && d.Day >= window.Days[0])
                    .Select(d => scope.RevisionAt(d.Day, version) is var revision and > 0
                        ? ReportJson.Deserialize<AggregateDayRecord>(Corrections.Scale(ReportJson.SerializeToUtf8Bytes(d), revision))
                        : d)
                    .ToArray();
                var result = new byte[parts][];
                for (var i = 0; i < parts; i++)
                {
                    var wrapper = new AggregateReport
                    {
                        ReportStartDay = report.ReportStartDay,
                        ReportEndDay = report.ReportEndDay,
                        CreatedAt = report.CreatedAt,
                        EnterpriseId = report.EnterpriseId,
                        OrganizationId = report.OrganizationId,
                        DayTotals = days[(i * days.Length / parts)..((i + 1) * days.Length / parts)],
                        AdditionalProperties = report.AdditionalProperties,
                    };
                    result[i] = ReportDataGenerator.ToNdjson([wrapper]);
                }

                return result;
            },
            r => r.Sum(b => (long)b.Length));
    }

    private PartContent Users28Part(ScopeState scope, Window window, DateOnly[] days, int version)
    {
        var prefix = WindowLines.Prefix(window.Start, window.End);
        long length = 0;

        // Measured last day first, so that a cache too small for the whole window still holds the first days when
        // the body is read (in day order) right after.
        for (var i = days.Length - 1; i >= 0; i--)
        {
            var file = DayFile(scope, ReportType.Users1Day, days[i], scope.RevisionAt(days[i], version));
            length += file.Bytes.Length + ((long)file.Lines * (prefix.Length - 1));
        }

        return new PartContent(length, () => new ChunkStream(Chunks()));

        IEnumerable<ReadOnlyMemory<byte>> Chunks()
        {
            foreach (var day in days)
            {
                var file = DayFile(scope, ReportType.Users1Day, day, scope.RevisionAt(day, version));
                for (var i = 0; i < file.Lines; i++)
                {
                    yield return prefix;
                    yield return file.Line(i)[1..];
                }
            }
        }
    }
}
