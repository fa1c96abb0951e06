using System.Runtime.InteropServices;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage;

namespace CopilotMetrics.Samples.Console.Reporting;

/// <summary>
/// Accumulates what a report file holds, one record at a time: records, distinct users, days, activity totals,
/// and breakdowns by language and IDE. Memory grows with distinct users, days, languages and IDEs, never with
/// records, so it can follow a multi-gigabyte file. No I/O and no rendering: feed it records and read it back.
/// </summary>
public sealed class ReportSummary
{
    /// <summary>The most aggregate days kept in <see cref="AggregateDays"/>; later ones still count in the totals.</summary>
    public const int MaxAggregateDays = 1000;

    private readonly HashSet<long> _users = [];
    private readonly HashSet<long> _teams = [];
    private readonly HashSet<string> _repositories = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<DateOnly> _days = [];
    private readonly Dictionary<string, ActivityCounts> _languages = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ActivityCounts> _ides = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ActivityCounts> _features = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<AggregateDaySummary> _aggregateDays = [];
    private readonly Dictionary<long, UserActivity>? _userActivity;

    /// <summary>Creates an empty summary of a report of the given kind.</summary>
    /// <param name="kind">The report kind.</param>
    /// <param name="trackUsers">Keep per-user activity in <see cref="UserActivities"/> (costs memory per user; off for big files).</param>
    public ReportSummary(ReportKind kind, bool trackUsers = false)
    {
        Kind = kind;
        _userActivity = trackUsers ? [] : null;
    }

    /// <summary>The report kind.</summary>
    public ReportKind Kind { get; }

    /// <summary>Records added.</summary>
    public long Records { get; private set; }

    /// <summary>Distinct user ids (users and user-teams reports).</summary>
    public int DistinctUsers => _users.Count;

    /// <summary>Distinct team ids (user-teams reports).</summary>
    public int DistinctTeams => _teams.Count;

    /// <summary>Distinct repositories, by id or else name (repos reports).</summary>
    public int DistinctRepositories => _repositories.Count;

    /// <summary>The earliest day seen.</summary>
    public DateOnly? FirstDay { get; private set; }

    /// <summary>The latest day seen.</summary>
    public DateOnly? LastDay { get; private set; }

    /// <summary>Distinct days seen.</summary>
    public int DayCount => _days.Count;

    /// <summary>The sum of the records' activity counters (users and aggregate reports).</summary>
    public ActivityCounts Totals { get; private set; }

    /// <summary>Activity by language, summed over features (<c>totals_by_language_feature</c>).</summary>
    public IReadOnlyDictionary<string, ActivityCounts> Languages => _languages;

    /// <summary>Activity by IDE (<c>totals_by_ide</c>).</summary>
    public IReadOnlyDictionary<string, ActivityCounts> Ides => _ides;

    /// <summary>Activity by feature (<c>totals_by_feature</c>).</summary>
    public IReadOnlyDictionary<string, ActivityCounts> Features => _features;

    /// <summary>Aggregate reports: one entry per record (day), in file order, at most <see cref="MaxAggregateDays"/>.</summary>
    public IReadOnlyList<AggregateDaySummary> AggregateDays => _aggregateDays;

    /// <summary>Per-user activity when the summary tracks users; empty otherwise.</summary>
    public IReadOnlyCollection<UserActivity> UserActivities => _userActivity is null ? [] : _userActivity.Values;

    /// <summary>The latest aggregate day (by date), or <see langword="null"/>.</summary>
    public AggregateDaySummary? LatestAggregateDay => _aggregateDays.Count == 0 ? null : _aggregateDays.MaxBy(d => d.Day);

    /// <summary>Adds a line of a users report.</summary>
    public void Add(UserDayRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Records++;
        _users.Add(record.UserId);
        AddDay(record.Day);
        Totals += ActivityCounts.From(record);
        AddBreakdowns(record.TotalsByIde, record.TotalsByFeature, record.TotalsByLanguageFeature);

        if (_userActivity is not null)
        {
            GetUser(record.UserId, record.UserLogin).Add(record);
        }
    }

    /// <summary>Adds a day of an aggregate report.</summary>
    public void Add(AggregateDayRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Records++;
        AddDay(record.Day);
        Totals += ActivityCounts.From(record);
        AddBreakdowns(record.TotalsByIde, record.TotalsByFeature, record.TotalsByLanguageFeature);
        if (_aggregateDays.Count < MaxAggregateDays)
        {
            _aggregateDays.Add(new AggregateDaySummary(record));
        }
    }

    /// <summary>Adds a line of a user-teams report.</summary>
    public void Add(UserTeamRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Records++;
        _users.Add(record.UserId);
        _teams.Add(record.TeamId);
        AddDay(record.Day);
        if (_userActivity is not null)
        {
            GetUser(record.UserId, record.UserLogin).AddTeam(record.Slug ?? record.TeamId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Adds a line of a repos report.</summary>
    public void Add(RepositoryDayRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Records++;
        if (record.Day is { } day)
        {
            AddDay(day);
        }

        var key = record.RepositoryId is { } id ? "#" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) : record.RepositoryName;
        if (!string.IsNullOrEmpty(key))
        {
            _repositories.Add(key);
        }
    }

    /// <summary>The <paramref name="count"/> entries of a breakdown with the most code generations.</summary>
    public static IReadOnlyList<KeyValuePair<string, ActivityCounts>> Top(IReadOnlyDictionary<string, ActivityCounts> breakdown, int count)
    {
        ArgumentNullException.ThrowIfNull(breakdown);
        return [.. breakdown
            .OrderByDescending(e => e.Value.CodeGenerations)
            .ThenByDescending(e => e.Value.UserInitiatedInteractions)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .Take(count)];
    }

    private void AddDay(DateOnly day)
    {
        _days.Add(day);
        if (FirstDay is null || day < FirstDay)
        {
            FirstDay = day;
        }

        if (LastDay is null || day > LastDay)
        {
            LastDay = day;
        }
    }

    private void AddBreakdowns(IReadOnlyList<IdeTotals> ides, IReadOnlyList<FeatureTotals> features, IReadOnlyList<LanguageFeatureTotals> languages)
    {
        foreach (var row in ides)
        {
            Add(_ides, row.Ide, row);
        }

        foreach (var row in features)
        {
            Add(_features, row.Feature, row);
        }

        foreach (var row in languages)
        {
            Add(_languages, row.Language, row);
        }
    }

    private static void Add(Dictionary<string, ActivityCounts> breakdown, string key, ActivityTotals row)
    {
        key = string.IsNullOrWhiteSpace(key) ? "unknown" : key;
        CollectionsMarshal.GetValueRefOrAddDefault(breakdown, key, out _) += ActivityCounts.From(row);
    }

    private UserActivity GetUser(long userId, string? login)
    {
        if (!_userActivity!.TryGetValue(userId, out var user))
        {
            user = new UserActivity(userId);
            _userActivity.Add(userId, user);
        }

        if (!string.IsNullOrEmpty(login))
        {
            user.Login = login;
        }

        return user;
    }
}

/// <summary>The headline numbers of one aggregate (organization or enterprise) day.</summary>
public sealed class AggregateDaySummary
{
    /// <summary>Takes the numbers of <paramref name="record"/>.</summary>
    public AggregateDaySummary(AggregateDayRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Day = record.Day;
        Scope = record.OrganizationId is { Length: > 0 } org ? $"organization {org}"
            : record.EnterpriseId is { Length: > 0 } enterprise ? $"enterprise {enterprise}"
            : "unknown";
        DailyActiveUsers = record.DailyActiveUsers;
        WeeklyActiveUsers = record.WeeklyActiveUsers;
        MonthlyActiveUsers = record.MonthlyActiveUsers;
        MonthlyActiveChatUsers = record.MonthlyActiveChatUsers;
        MonthlyActiveAgentUsers = record.MonthlyActiveAgentUsers;
        DailyActiveCliUsers = record.DailyActiveCliUsers;
        Activity += ActivityCounts.From(record);
        PullRequestsCreated = record.PullRequests?.TotalCreated;
        PullRequestsMerged = record.PullRequests?.TotalMerged;
        PullRequestsCreatedByCopilot = record.PullRequests?.TotalCreatedByCopilot;
    }

    /// <summary>The day.</summary>
    public DateOnly Day { get; }

    /// <summary>"organization &lt;id&gt;" or "enterprise &lt;id&gt;".</summary>
    public string Scope { get; }

    /// <summary>DAU.</summary>
    public int DailyActiveUsers { get; }

    /// <summary>WAU (trailing 7 days).</summary>
    public int WeeklyActiveUsers { get; }

    /// <summary>MAU (trailing 28 days).</summary>
    public int MonthlyActiveUsers { get; }

    /// <summary>Chat MAU.</summary>
    public int MonthlyActiveChatUsers { get; }

    /// <summary>Agent-mode MAU.</summary>
    public int MonthlyActiveAgentUsers { get; }

    /// <summary>CLI users that day, when reported.</summary>
    public int? DailyActiveCliUsers { get; }

    /// <summary>The day's activity counters.</summary>
    public ActivityCounts Activity { get; private set; }

    /// <summary>Pull requests created that day.</summary>
    public long? PullRequestsCreated { get; }

    /// <summary>Pull requests merged that day.</summary>
    public long? PullRequestsMerged { get; }

    /// <summary>Pull requests Copilot created that day.</summary>
    public long? PullRequestsCreatedByCopilot { get; }
}

/// <summary>One user's activity summed over the records seen (users reports) and their teams (user-teams reports).</summary>
public sealed class UserActivity
{
    private readonly HashSet<DateOnly> _days = [];
    private readonly SortedSet<string> _ides = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedSet<string> _teams = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates an empty entry.</summary>
    public UserActivity(long userId) => UserId = userId;

    /// <summary>The GitHub user id.</summary>
    public long UserId { get; }

    /// <summary>The GitHub login (empty until a record names it).</summary>
    public string Login { get; internal set; } = "";

    /// <summary>Days with a users-report record.</summary>
    public int ActiveDays => _days.Count;

    /// <summary>Summed activity.</summary>
    public ActivityCounts Activity { get; private set; }

    /// <summary>Days with IDE agent mode.</summary>
    public int AgentDays { get; private set; }

    /// <summary>Days with IDE chat.</summary>
    public int ChatDays { get; private set; }

    /// <summary>Days with the Copilot CLI.</summary>
    public int CliDays { get; private set; }

    /// <summary>Days with the Copilot cloud agent.</summary>
    public int CloudAgentDays { get; private set; }

    /// <summary>AI credits used, summed over the records that report them; <see langword="null"/> when none does.</summary>
    public double? AiCreditsUsed { get; private set; }

    /// <summary>The AI-adoption phase of the last record read.</summary>
    public string? AdoptionPhase { get; private set; }

    /// <summary>IDEs used.</summary>
    public IReadOnlyCollection<string> Ides => _ides;

    /// <summary>Team slugs.</summary>
    public IReadOnlyCollection<string> Teams => _teams;

    internal void Add(UserDayRecord record)
    {
        _days.Add(record.Day);
        Activity += ActivityCounts.From(record);
        AgentDays += record.UsedAgent ? 1 : 0;
        ChatDays += record.UsedChat ? 1 : 0;
        CliDays += record.UsedCli ? 1 : 0;
        CloudAgentDays += record.UsedCopilotCloudAgent || record.UsedCopilotCodingAgent ? 1 : 0;
        if (record.AiCreditsUsed is { } credits)
        {
            AiCreditsUsed = (AiCreditsUsed ?? 0) + credits;
        }

        AdoptionPhase = record.AiAdoptionPhase?.Phase ?? AdoptionPhase;
        foreach (var ide in record.TotalsByIde)
        {
            _ides.Add(ide.Ide);
        }
    }

    internal void AddTeam(string slug) => _teams.Add(slug);
}
