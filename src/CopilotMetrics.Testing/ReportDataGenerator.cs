using System.Globalization;
using System.Numerics;
using System.Text.Json;
using CopilotMetrics.Reports;
using CopilotMetrics.Testing.Internal;

namespace CopilotMetrics.Testing;

/// <summary>
/// Generates realistic, deterministic Copilot usage metrics report data: per-user day records, user–team
/// memberships, repository days and the organization's or enterprise's aggregate days, all consistent with each other.
/// </summary>
/// <remarks>
/// <para>
/// Every value is a pure function of (<see cref="ReportDataGeneratorOptions.Seed"/>, user, day): any day can be
/// generated on its own, in any order, from any thread, and the output is identical in every process and on every
/// machine (a fixed integer mixer, SplitMix64, seeds each (user, day); no <see cref="Random"/> and no
/// <see cref="string.GetHashCode()"/>).
/// </para>
/// <para>
/// Users have a stable profile (preferred IDE and version lag, 1–4 languages, preferred model, AI-adoption phase,
/// chat/agent/CLI/cloud-agent propensities, 1–3 teams); per-day counts come from skewed distributions. A user record's
/// counters equal the sum of its <c>totals_by_feature</c> rows and of its <c>totals_by_ide</c> rows; its language
/// rows split the same activity; <c>used_*</c> flags match the features used. <c>ai_credits_used</c> is written from
/// 2026-06-19 on (the day GitHub added it). Aggregate days are sums over the same users, with active-user counts
/// recomputed as distinct users over the trailing windows.
/// </para>
/// <para>
/// Every field GitHub added later appears from the day GitHub added it (docs/report-fields.md), so older days keep their
/// exact bytes: the Copilot app (aggregate from 2026-07-17, per user from 2026-07-28), third-party agents (2026-08-07),
/// the VS Code Agents window (2026-09-11), CLI customizations (2026-09-17: the top five items with customer-defined names
/// masked as <c>other</c> or <c>custom</c>, plugin counts a subset of skill counts, distinct counts that count each item
/// once — over the scope in the aggregate), and pull-request review times on repository days (2026-09-21). CLI, app,
/// Agents-window and third-party usage stay outside <c>totals_by_ide</c>, <c>totals_by_feature</c> and the activity
/// counters; app and Agents-window users are always active users. Counts with no activity are left out (<see langword="null"/>).
/// </para>
/// <para>An instance is immutable after construction and safe to use from several threads.</para>
/// </remarks>
public sealed class ReportDataGenerator
{
    private const ulong StreamIds = 1;
    private const ulong StreamProfile = 2;
    private const ulong StreamPlan = 3;
    private const ulong StreamDetail = 4;
    private const ulong StreamDay = 5;
    private const ulong StreamVersion = 6;
    private const ulong StreamTeams = 7;
    private const ulong StreamExtras = 8;
    private const ulong StreamProfileExtras = 9;
    private const ulong StreamPhaseReviews = 10;
    private const ulong StreamRepositories = 11;
    private const ulong StreamRepositoryDay = 12;
    private const int MinimumTeamSize = 5;
    private const int MaxLanguageFeatureRows = 12;
    private const int MaxModelRows = 6;
    private const int FlushThreshold = 64 * 1024;

    private static readonly int VersionEpochDay = new DateOnly(2026, 1, 1).DayNumber;
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };
    private static readonly int[] CustomSkillCounts = [30, 30, 25, 15];
    private static readonly int[] CustomItemCounts = [50, 35, 15];

    private readonly ulong _seedHash;
    private readonly double _weekdayShare;
    private readonly double _weekendShare;
    private readonly string _enterpriseId;
    private readonly string? _organizationId;
    private readonly UserProfile[] _profiles;
    private readonly Team[] _teams;
    private readonly int[] _pools;
    private readonly Repositories _repositories;

    /// <summary>Creates a generator; the options are validated and copied.</summary>
    /// <param name="options">The population to simulate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="ReportDataGeneratorOptions.Validate"/>).</exception>
    public ReportDataGenerator(ReportDataGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _seedHash = DeterministicRandom.Combine(0x436F70696C6F74UL, unchecked((ulong)(uint)options.Seed));
        _weekdayShare = options.WeekdayActiveShare;
        _weekendShare = options.WeekendActiveShare;
        _enterpriseId = options.EnterpriseId;
        _organizationId = options.OrganizationId;

        var teamWeights = new int[options.Teams];
        for (var t = 0; t < teamWeights.Length; t++)
        {
            teamWeights[t] = Math.Max(1, 10_000 / (t + 1)); // Zipf-like: a few big teams, a tail of small ones
        }

        var teamWeightTotal = teamWeights.Sum();
        _pools = Customizations.Pools(options.Users);
        _repositories = new Repositories(DeterministicRandom.Hash(_seedHash, StreamRepositories, 0, 0), options.Users);

        var ids = new DeterministicRandom(DeterministicRandom.Hash(_seedHash, StreamIds, 0, 0));
        var userId = 1_000_000L + ids.Next(4_000_000);
        _profiles = new UserProfile[options.Users];
        var members = new int[options.Teams];
        for (var i = 0; i < _profiles.Length; i++)
        {
            userId += 1 + ids.Next(90);
            var profile = CreateProfile(i, userId, options.LoginPrefix, teamWeights, teamWeightTotal);
            _profiles[i] = profile;
            foreach (var t in profile.Teams)
            {
                members[t]++;
            }
        }

        var teamIds = new DeterministicRandom(DeterministicRandom.Hash(_seedHash, StreamTeams, 0, 0));
        var teamId = 200_000L + teamIds.Next(700_000);
        _teams = new Team[options.Teams];
        for (var t = 0; t < _teams.Length; t++)
        {
            teamId += 1 + teamIds.Next(40);
            _teams[t] = new Team(teamId, string.Create(CultureInfo.InvariantCulture, $"team-{t + 1:D2}"), members[t]);
        }
    }

    /// <summary>
    /// The <c>users-1-day</c> records of a day: one per user active that day, ordered by user id.
    /// </summary>
    /// <param name="day">The day (any day; days are independent of each other).</param>
    /// <returns>The records, generated lazily.</returns>
    public IEnumerable<UserDayRecord> GenerateUsers(DateOnly day)
    {
        return Generate();

        IEnumerable<UserDayRecord> Generate()
        {
            var scratch = new Scratch();
            var dayNumber = day.DayNumber;
            for (var i = 0; i < _profiles.Length; i++)
            {
                var plan = Plan(i, dayNumber);
                if (plan.Active)
                {
                    yield return BuildRecord(i, day, plan, scratch);
                }
            }
        }
    }

    /// <summary>
    /// The <c>user-teams-1-day</c> records of a day: every seated user's team memberships (1–3 per user, stable),
    /// ordered by user id and team id. Teams with fewer than 5 members are left out, as GitHub does.
    /// </summary>
    /// <param name="day">The membership day.</param>
    /// <returns>The records, generated lazily.</returns>
    public IEnumerable<UserTeamRecord> GenerateUserTeams(DateOnly day)
    {
        return Generate();

        IEnumerable<UserTeamRecord> Generate()
        {
            foreach (var profile in _profiles)
            {
                foreach (var t in profile.Teams)
                {
                    var team = _teams[t];
                    if (team.Members < MinimumTeamSize)
                    {
                        continue;
                    }

                    yield return new UserTeamRecord
                    {
                        Day = day,
                        UserId = profile.UserId,
                        UserLogin = profile.Login,
                        OrganizationId = _organizationId,
                        EnterpriseId = _organizationId is null ? _enterpriseId : null,
                        TeamId = team.Id,
                        Slug = team.Slug,
                    };
                }
            }
        }
    }

    /// <summary>
    /// The <c>repos-1-day</c> records of a day: one per repository with pull-request activity, consistent with
    /// <see cref="GenerateAggregate"/>: the counts of the rows' <c>pull_requests</c> add up to the aggregate's (the medians
    /// are each repository's own). Repositories are stable (id, bare name, visibility <c>PRIVATE</c>, <c>INTERNAL</c> or
    /// <c>PUBLIC</c>); from 2026-09-21 each row carries <c>pull_request_review_times</c> (empty on a quiet day).
    /// </summary>
    /// <param name="day">The day.</param>
    /// <param name="owners">The owner logins of the repositories, assigned in turn (an organization, or an enterprise's organizations); <c>octo-org</c> when <see langword="null"/> or empty.</param>
    /// <returns>The records, in repository order. Generating them generates the aggregate day.</returns>
    public IReadOnlyList<RepositoryDayRecord> GenerateRepositories(DateOnly day, IReadOnlyList<string>? owners = null)
    {
        var pullRequests = GenerateAggregate(day).PullRequests!;
        return _repositories.Rows(day, pullRequests, owners is { Count: > 0 } ? owners : ["octo-org"], _enterpriseId, _organizationId);
    }

    /// <summary>
    /// The aggregate (<c>organization-1-day</c> or <c>enterprise-1-day</c>) record of a day, consistent with
    /// <see cref="GenerateUsers"/>: its counters and breakdowns are the sums over that day's user records, and its
    /// active-user counts are distinct users over the day and the trailing 7 and 28 days.
    /// </summary>
    /// <param name="day">The day.</param>
    /// <returns>The record.</returns>
    public AggregateDayRecord GenerateAggregate(DateOnly day)
    {
        var first = day.DayNumber - (ActivityWindows.MonthDays - 1);
        var windows = new ActivityWindows(_profiles.Length, first, ActivityWindows.MonthDays, FlagsOf);
        return BuildAggregate(day, windows, new Scratch());
    }

    /// <summary>
    /// The 28-day aggregate report (<c>organization-28-day</c> or <c>enterprise-28-day</c>) ending on a day: the
    /// wrapper and one <see cref="GenerateAggregate"/> record per day from <paramref name="endDay"/> − 27.
    /// </summary>
    /// <param name="endDay">The last day of the window.</param>
    /// <returns>The report.</returns>
    public AggregateReport GenerateAggregateReport(DateOnly endDay)
    {
        const int Days = ActivityWindows.MonthDays;
        var start = endDay.AddDays(-(Days - 1));
        var windows = new ActivityWindows(_profiles.Length, start.DayNumber - (Days - 1), (2 * Days) - 1, FlagsOf);
        var scratch = new Scratch();
        var days = new AggregateDayRecord[Days];
        for (var d = 0; d < Days; d++)
        {
            days[d] = BuildAggregate(start.AddDays(d), windows, scratch);
        }

        return new AggregateReport
        {
            ReportStartDay = start,
            ReportEndDay = endDay,
            CreatedAt = new DateTimeOffset(endDay.AddDays(2).ToDateTime(new TimeOnly(2, 14, 9)), TimeSpan.Zero),
            EnterpriseId = _enterpriseId,
            OrganizationId = _organizationId,
            DayTotals = days,
        };
    }

    /// <summary>
    /// Writes records as NDJSON: each record serialized with <see cref="ReportJson"/> on one line, ending with
    /// <c>\n</c>. Writes through a pooled buffer in chunks; the stream is flushed, not disposed.
    /// </summary>
    /// <typeparam name="T">The record type, for example <see cref="UserDayRecord"/>.</typeparam>
    /// <param name="destination">The stream to write to.</param>
    /// <param name="records">The records.</param>
    /// <param name="cancellationToken">Cancels the write (checked between records).</param>
    /// <returns>A task that completes when every record is written.</returns>
    public static async Task WriteNdjsonAsync<T>(Stream destination, IEnumerable<T> records, CancellationToken cancellationToken = default)
        where T : ReportObject
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(records);
        using var buffer = new PooledBufferWriter(FlushThreshold + (16 * 1024));
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteLine(writer, buffer, record);
            if (buffer.WrittenCount >= FlushThreshold)
            {
                await destination.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                buffer.Clear();
            }
        }

        if (buffer.WrittenCount > 0)
        {
            await destination.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Serializes records as NDJSON (see <see cref="WriteNdjsonAsync{T}"/>) into a byte array.</summary>
    /// <typeparam name="T">The record type, for example <see cref="UserDayRecord"/>.</typeparam>
    /// <param name="records">The records.</param>
    /// <returns>The UTF-8 NDJSON bytes.</returns>
    public static byte[] ToNdjson<T>(IEnumerable<T> records)
        where T : ReportObject
    {
        ArgumentNullException.ThrowIfNull(records);

        // Lines gather in a 64 KB pooled buffer whose contents are copied out in small (not large-object-heap) chunks,
        // then into one array of the exact size: growing one pooled buffer to the file's size instead left a 16 or
        // 32 MB array in the shared pool per thread (hundreds of MB held by a simulator serving 10,000-user days).
        using var buffer = new PooledBufferWriter(FlushThreshold + (16 * 1024));
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        var chunks = new List<byte[]>();
        long length = 0;
        foreach (var record in records)
        {
            WriteLine(writer, buffer, record);
            if (buffer.WrittenCount >= FlushThreshold)
            {
                chunks.Add(buffer.WrittenSpan.ToArray());
                length += buffer.WrittenCount;
                buffer.Clear();
            }
        }

        var ndjson = GC.AllocateUninitializedArray<byte>(checked((int)(length + buffer.WrittenCount)));
        var at = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(ndjson, at);
            at += chunk.Length;
        }

        buffer.WrittenSpan.CopyTo(ndjson.AsSpan(at));
        return ndjson;
    }

    private static void WriteLine<T>(Utf8JsonWriter writer, PooledBufferWriter buffer, T record)
        where T : ReportObject
    {
        if (record is null)
        {
            throw new ArgumentException("The records must not contain null.", nameof(record));
        }

        ReportJson.Write(writer, record);
        writer.Flush();
        writer.Reset();
        buffer.WriteByte((byte)'\n');
    }

    // ---- profiles -----------------------------------------------------------------------------------------

    private UserProfile CreateProfile(int index, long userId, string loginPrefix, int[] teamWeights, int teamTotal)
    {
        var rng = new DeterministicRandom(DeterministicRandom.Hash(_seedHash, StreamProfile, index, 0));
        var phase = rng.PickWeighted(Catalog.PhaseWeights, 100);
        // One seat in ten is nearly dormant; the rest are active on about as many days as the share says.
        var activityWeight = rng.Chance(0.1) ? rng.Between(0.02, 0.2) : rng.Between(0.5, 1.7);
        var intensity = (0.2 + (1.6 * rng.NextDouble() * (0.5 + rng.NextDouble()))) * Catalog.PhaseIntensity[phase];

        var probabilities = new double[Catalog.FeatureCount];
        for (var f = 0; f < probabilities.Length; f++)
        {
            probabilities[f] = Math.Min(0.99, Catalog.FeatureProbabilities[phase][f] * rng.Between(0.6, 1.4));
        }

        var primaryIde = rng.PickWeighted(Catalog.IdeWeights, Catalog.IdeWeightTotal);
        var secondaryIde = -1;
        if (rng.Chance(0.12))
        {
            secondaryIde = rng.PickWeighted(Catalog.IdeWeights, Catalog.IdeWeightTotal);
            if (secondaryIde == primaryIde)
            {
                secondaryIde = primaryIde == 0 ? 1 : 0;
            }
        }

        var languageCount = 1 + rng.PickWeighted([35, 35, 20, 10], 100);
        var languages = new int[languageCount];
        var primaryWeights = Catalog.PrimaryLanguageWeights[primaryIde];
        languages[0] = rng.PickWeighted(primaryWeights, primaryWeights.Sum());
        for (var k = 1; k < languageCount; k++)
        {
            int candidate;
            do
            {
                candidate = rng.PickWeighted(Catalog.GeneralLanguageWeightArray, Catalog.GeneralLanguageWeightTotal);
            }
            while (Array.IndexOf(languages, candidate, 0, k) >= 0);
            languages[k] = candidate;
        }

        var cli = rng.Chance(phase >= 2 ? 0.3 : 0.1) ? rng.Between(0.15, 0.6) : 0;
        var cloudAgent = rng.Chance(phase switch { 3 => 0.3, 2 => 0.12, _ => 0.03 }) ? rng.Between(0.1, 0.4) : 0;

        var teamCount = Math.Min(teamWeights.Length, 1 + rng.PickWeighted([55, 35, 10], 100));
        var teams = new int[teamCount];
        for (var k = 0; k < teamCount; k++)
        {
            int candidate;
            do
            {
                candidate = rng.PickWeighted(teamWeights, teamTotal);
            }
            while (Array.IndexOf(teams, candidate, 0, k) >= 0);
            teams[k] = candidate;
        }

        Array.Sort(teams);

        // The 2026 surfaces, from their own stream: the draws above (and so every older day) stay as they were.
        var more = new DeterministicRandom(DeterministicRandom.Hash(_seedHash, StreamProfileExtras, index, 0));
        var app = more.Chance(phase switch { 3 => 0.45, 2 => 0.2, _ => 0.05 }) ? more.Between(0.2, 0.7) : 0;
        var usesVscode = primaryIde == 0 || secondaryIde == 0;
        var vscodeAgent = usesVscode && more.Chance(0.15 + (0.1 * phase)) ? more.Between(0.1, 0.5) : 0;
        var agents = new double[Catalog.Agents.Length];
        for (var a = 0; a < agents.Length; a++)
        {
            agents[a] = more.Chance(phase >= 2 ? 0.12 : 0.03) ? more.Between(0.1, 0.4) : 0;
        }

        var customizations = new int[Customizations.Categories][];
        for (var c = 0; c < customizations.Length; c++)
        {
            customizations[c] = cli > 0 ? CustomizationKeys(ref more, c) : [];
        }

        return new UserProfile
        {
            AppProbability = app,
            VscodeAgentProbability = vscodeAgent,
            AgentProbabilities = agents,
            CustomizationKeys = customizations,
            UserId = userId,
            Login = string.Create(CultureInfo.InvariantCulture, $"{loginPrefix}{index + 1:D4}"),
            ActivityWeight = activityWeight,
            Intensity = intensity,
            Phase = phase,
            FeatureProbabilities = probabilities,
            FallbackChat = rng.Chance(0.55) ? Feature.ChatPanelAskMode : Feature.ChatInline,
            PrimaryIde = primaryIde,
            SecondaryIde = secondaryIde,
            VersionLag = rng.Next(3),
            Languages = languages,
            PreferredModel = rng.PickWeighted(Catalog.ModelWeights, Catalog.ModelWeightTotal),
            CliProbability = cli,
            CloudAgentProbability = cloudAgent,
            CodeReviewProbability = rng.Between(0.0, 0.6),
            PullRequestRate = rng.Between(0.05, 0.6),
            Teams = teams,
        };
    }

    /// <summary>A CLI user's items of one category: some GitHub-provided ones and up to three from the scope's own pool.</summary>
    private int[] CustomizationKeys(ref DeterministicRandom rng, int category)
    {
        if (category == (int)Customization.Plugin)
        {
            return []; // plugins follow from the skills (every third customer-defined skill comes from one)
        }

        var keys = new List<int>(6);
        for (var k = 0; k < Customizations.Named[category].Length; k++)
        {
            if (rng.Chance(Customizations.NamedShare[category]))
            {
                keys.Add(k);
            }
        }

        var pool = _pools[category];
        var custom = category == (int)Customization.Skill ? rng.PickWeighted(CustomSkillCounts, 100) : rng.PickWeighted(CustomItemCounts, 100);
        for (var n = 0; n < custom; n++)
        {
            var u = rng.NextDouble();
            var key = Customizations.CustomKey + (int)(pool * u * u); // a few popular items, a long tail
            if (!keys.Contains(key))
            {
                keys.Add(key);
            }
        }

        return [.. keys];
    }

    // ---- the day plan: cheap, drives flags and windows ----------------------------------------------------

    private DayFlags FlagsOf(int user, int dayNumber) => Plan(user, dayNumber).Flags;

    private DayPlan Plan(int user, int dayNumber)
    {
        var profile = _profiles[user];
        var rng = new DeterministicRandom(DeterministicRandom.Hash(_seedHash, StreamPlan, user, dayNumber));
        var plan = default(DayPlan);
        var weekday = DateOnly.FromDayNumber(dayNumber).DayOfWeek;
        var share = weekday is DayOfWeek.Saturday or DayOfWeek.Sunday ? _weekendShare : _weekdayShare;
        if (!(rng.NextDouble() < share * profile.ActivityWeight))
        {
            return plan;
        }

        plan.Active = true;
        var p = profile.FeatureProbabilities;
        var mask = 0;
        for (var f = 0; f < (int)Feature.AgentEdit; f++)
        {
            if (rng.Chance(p[f]))
            {
                mask |= 1 << f;
            }
        }

        if ((mask & Bit(Feature.ChatPanelAgentMode)) != 0 && rng.Chance(p[(int)Feature.AgentEdit]))
        {
            mask |= Bit(Feature.AgentEdit);
        }

        if (mask == 0)
        {
            mask = Bit(rng.Chance(p[(int)Feature.CodeCompletion]) ? Feature.CodeCompletion : profile.FallbackChat);
        }

        ReadOnlySpan<Feature> dropOrder = [Feature.ChatPanelCustomMode, Feature.ChatPanelPlanMode, Feature.ChatPanelEditMode, Feature.ChatInline];
        foreach (var f in dropOrder)
        {
            if (BitOperations.PopCount((uint)mask) <= 6)
            {
                break;
            }

            mask &= ~Bit(f);
        }

        plan.Features = mask;
        plan.Cli = profile.CliProbability > 0 && rng.Chance(profile.CliProbability);
        plan.CloudAgent = profile.CloudAgentProbability > 0 && rng.Chance(profile.CloudAgentProbability);
        if (rng.Chance(profile.CodeReviewProbability))
        {
            var kind = rng.Next(100);
            (plan.ReviewActive, plan.ReviewPassive) = kind switch
            {
                < 55 => ((bool?)null, (bool?)true),
                < 90 => (true, null),
                _ => (true, true),
            };
        }

        var rate = profile.PullRequestRate;
        plan.PullRequestsCreatedByCopilot = plan.CloudAgent ? 1 + (rng.Chance(0.3) ? 1 : 0) : 0;
        plan.PullRequestsCreated = plan.PullRequestsCreatedByCopilot + (rng.Chance(rate) ? 1 + (rng.Chance(0.2) ? 1 : 0) : 0);
        plan.PullRequestsReviewed = rng.Chance(Math.Min(1, rate * 1.3)) ? rng.Next(1, 4) : 0;
        plan.PullRequestsMerged = rng.Chance(rate * 0.8) ? 1 + (rng.Chance(0.25) ? 1 : 0) : 0;

        // Drawn last, and only on days that have the fields: the plan of every older day is unchanged.
        if (dayNumber >= Milestones.AppAggregate && profile.AppProbability > 0)
        {
            plan.App = rng.Chance(profile.AppProbability);
        }

        if (dayNumber >= Milestones.VscodeAgents && profile.VscodeAgentProbability > 0)
        {
            plan.VscodeAgent = rng.Chance(profile.VscodeAgentProbability);
        }

        return plan;
    }

    private static int Bit(Feature feature) => 1 << (int)feature;

    // ---- the user record ----------------------------------------------------------------------------------

    private UserDayRecord BuildRecord(int user, DateOnly day, in DayPlan plan, Scratch scratch)
    {
        var profile = _profiles[user];
        var dayNumber = day.DayNumber;
        var rng = new DeterministicRandom(DeterministicRandom.Hash(_seedHash, StreamDetail, user, dayNumber));
        var cells = scratch.Cells;
        cells.Clear();

        Span<int> languages = stackalloc int[4];
        var languageCount = 0;
        languages[languageCount++] = profile.Languages[0];
        for (var k = 1; k < profile.Languages.Length; k++)
        {
            if (rng.Chance(0.3))
            {
                languages[languageCount++] = profile.Languages[k];
            }
        }

        var twoIdes = profile.SecondaryIde >= 0 && rng.Chance(0.35);
        var remainingFeatures = BitOperations.PopCount((uint)plan.Features);
        var remainingChat = BitOperations.PopCount((uint)(plan.Features & Catalog.ChatMask));
        int languageFeatureRows = 0, chatCells = 0;
        int agentLanguage = languages[0], agentLanguage2 = -1;
        for (var f = Feature.CodeCompletion; f <= Feature.AgentEdit; f++)
        {
            if (!plan.Has(f))
            {
                continue;
            }

            remainingFeatures--;
            if (f == Feature.CodeCompletion)
            {
                for (var k = 0; k < languageCount; k++)
                {
                    AddCell(ref rng, cells, f, languages[k], -1, k == 0 ? 1.0 : 0.35, profile.Intensity, twoIdes);
                }

                languageFeatureRows += languageCount;
            }
            else if (f == Feature.AgentEdit)
            {
                AddCell(ref rng, cells, f, agentLanguage, -1, 1.0, profile.Intensity, twoIdes);
                languageFeatureRows++;
                if (agentLanguage2 >= 0 && languageFeatureRows + remainingFeatures < MaxLanguageFeatureRows)
                {
                    AddCell(ref rng, cells, f, agentLanguage2, -1, 0.4, profile.Intensity, twoIdes);
                    languageFeatureRows++;
                }
            }
            else
            {
                remainingChat--;
                var language = languageCount == 1 || rng.Chance(0.7) ? languages[0] : languages[rng.Next(1, languageCount)];
                var language2 = -1;
                if (languageCount > 1 && rng.Chance(0.15) && languageFeatureRows + 2 + remainingFeatures <= MaxLanguageFeatureRows)
                {
                    language2 = language == languages[0] ? languages[rng.Next(1, languageCount)] : languages[0];
                }

                var model = f == Feature.ChatInline && rng.Chance(0.6) ? Catalog.InlineModel
                    : rng.Chance(0.75) ? profile.PreferredModel
                    : rng.PickWeighted(Catalog.ModelWeights, Catalog.ModelWeightTotal);
                var languagesHere = language2 >= 0 ? 2 : 1;
                var model2 = -1;
                if (rng.Chance(0.1) && chatCells + (2 * languagesHere) + remainingChat <= MaxModelRows)
                {
                    model2 = (model + 1 + rng.Next(Catalog.Models.Length - 2)) % (Catalog.Models.Length - 1);
                }

                AddCell(ref rng, cells, f, language, model, 1.0, profile.Intensity, twoIdes);
                chatCells++;
                if (model2 >= 0)
                {
                    AddCell(ref rng, cells, f, language, model2, 0.5, profile.Intensity, twoIdes);
                    chatCells++;
                }

                if (language2 >= 0)
                {
                    AddCell(ref rng, cells, f, language2, model, 0.4, profile.Intensity, twoIdes);
                    chatCells++;
                    if (model2 >= 0)
                    {
                        AddCell(ref rng, cells, f, language2, model2, 0.2, profile.Intensity, twoIdes);
                        chatCells++;
                    }
                }

                languageFeatureRows += languagesHere;
                if (f == Feature.ChatPanelAgentMode)
                {
                    agentLanguage = language;
                    agentLanguage2 = language2;
                }
            }
        }

        // Everyone touches a README or a config file now and then: at least three language rows.
        if (languageFeatureRows < 3)
        {
            var target = cells[0];
            var first = rng.Next(Catalog.IncidentalLanguageCount);
            for (var k = 0; languageFeatureRows < 3; k++, languageFeatureRows++)
            {
                var incidental = Catalog.FirstIncidentalLanguage + ((first + k) % Catalog.IncidentalLanguageCount);
                AddCell(ref rng, cells, target.Feature, incidental, target.Model, 0.25, profile.Intensity, twoIdes);
            }
        }

        var totals = default(Counts);
        foreach (var cell in cells)
        {
            totals.Add(cell.Counts);
        }

        var cli = plan.Cli ? BuildCli(ref rng, profile, user, dayNumber) : null;
        var extras = scratch.Extras;
        extras.Clear();
        if (dayNumber >= Milestones.AppAggregate)
        {
            BuildExtras(profile, user, dayNumber, plan, cli, extras);
        }

        double? credits = null;
        if (dayNumber >= Milestones.AiCredits)
        {
            var sum = 0.0;
            foreach (var cell in cells)
            {
                if (cell.Model >= 0)
                {
                    sum += cell.Counts.UserInitiated * Catalog.ModelCredits[cell.Model];
                }
            }

            if (cli is not null)
            {
                sum += cli.RequestCount * 0.25;
            }

            if (plan.CloudAgent)
            {
                sum += rng.Between(4, 20);
            }

            sum += ((extras.App?.RequestCount ?? 0) * 0.3) + (extras.AgentStarts.Sum() * 2.0);

            credits = Math.Round(sum, 1);
        }

        return new UserDayRecord
        {
            Day = day,
            EnterpriseId = _enterpriseId,
            OrganizationId = _organizationId,
            UserId = profile.UserId,
            UserLogin = profile.Login,
            UserInitiatedInteractionCount = totals.UserInitiated,
            CodeGenerationActivityCount = totals.Generated,
            CodeAcceptanceActivityCount = totals.Accepted,
            LocSuggestedToAddSum = totals.LocSuggestedToAdd,
            LocSuggestedToDeleteSum = totals.LocSuggestedToDelete,
            LocAddedSum = totals.LocAdded,
            LocDeletedSum = totals.LocDeleted,
            UsedAgent = plan.UsedAgent,
            UsedChat = plan.UsedChat,
            UsedCli = plan.Cli,
            UsedCopilotCodingAgent = plan.CloudAgent,
            UsedCopilotCloudAgent = plan.CloudAgent,
            UsedCopilotCodeReviewActive = plan.ReviewActive,
            UsedCopilotCodeReviewPassive = plan.ReviewPassive,
            UsedCopilotApp = dayNumber >= Milestones.AppPerUser ? plan.App : null,
            UsedVscodeAgent = dayNumber >= Milestones.VscodeAgents ? plan.VscodeAgent : null,
            AiCreditsUsed = credits,
            AiAdoptionPhase = new AiAdoptionPhase { PhaseNumber = profile.Phase, Phase = Catalog.PhaseNames[profile.Phase], Version = Catalog.PhaseVersion },
            DistinctSkillUseCount = Distinct(extras, Customization.Skill),
            DistinctCustomAgentUseCount = Distinct(extras, Customization.CustomAgent),
            DistinctMcpUseCount = Distinct(extras, Customization.Mcp),
            DistinctSlashCommandUseCount = Distinct(extras, Customization.SlashCommand),
            DistinctPluginUseCount = Distinct(extras, Customization.Plugin),
            TotalsByCli = cli,
            TotalsByCopilotApp = dayNumber >= Milestones.AppPerUser ? extras.App : null,
            TotalsByVscodeAgent = extras.VscodeAgent,
            TotalsByThirdPartyAgent = extras.UsedAgents ? UserAgents(extras) : null,
            TotalsBySkill = extras.Customized ? Skills(extras.Usage[(int)Customization.Skill], scratch) : null,
            TotalsByCustomAgent = extras.Customized ? CustomAgents(extras.Usage[(int)Customization.CustomAgent], scratch) : null,
            TotalsByMcp = extras.Customized ? Mcps(extras.Usage[(int)Customization.Mcp], scratch) : null,
            TotalsBySlashCommand = extras.Customized ? SlashCommands(extras.Usage[(int)Customization.SlashCommand], scratch) : null,
            TotalsByPlugin = extras.Customized ? Plugins(extras.Usage[(int)Customization.Plugin], scratch) : null,
            TotalsByIde = BuildIdes(ref rng, profile, user, day, cells),
            TotalsByFeature = BuildFeatures(cells),
            TotalsByLanguageFeature = BuildLanguageFeatures(cells, scratch),
            TotalsByLanguageModel = BuildLanguageModels(cells, scratch),
            TotalsByModelFeature = BuildModelFeatures(cells, scratch),
        };
    }

    // ---- the surfaces GitHub added in 2026 -----------------------------------------------------------------

    /// <summary>The user's day on the Copilot app, the VS Code Agents window, third-party agents and CLI customizations.</summary>
    private void BuildExtras(UserProfile profile, int user, int dayNumber, in DayPlan plan, CliTotals? cli, DayExtras extras)
    {
        var rng = new DeterministicRandom(DeterministicRandom.Hash(_seedHash, StreamExtras, user, dayNumber));
        if (plan.App)
        {
            var sessions = 1 + R(1.5 * rng.Skewed());
            var requests = sessions * rng.Next(3, 12);
            var prompts = Math.Min(requests, sessions * rng.Next(1, 5));
            var output = requests * rng.Next(400, 1800);
            var prompt = requests * rng.Next(9_000, 30_000);
            extras.App = new CopilotAppTotals
            {
                SessionCount = sessions,
                RequestCount = requests,
                PromptCount = prompts,
                TokenUsage = new CliTokenUsage { OutputTokensSum = output, PromptTokensSum = prompt, AverageTokensPerRequest = Math.Round((double)(output + prompt) / requests, 1) },
            };
        }

        if (plan.VscodeAgent)
        {
            var sessions = 1 + R(2 * rng.Skewed());
            extras.VscodeAgent = new VscodeAgentTotals { SessionCount = sessions, TotalUserMessages = sessions * rng.Next(2, 9) };
        }

        if (dayNumber >= Milestones.ThirdPartyAgents)
        {
            for (var a = 0; a < Catalog.Agents.Length; a++)
            {
                if (profile.AgentProbabilities[a] > 0 && rng.Chance(profile.AgentProbabilities[a]))
                {
                    var starts = 1 + R(2 * rng.Skewed());
                    extras.AgentStarts[a] = starts;
                    extras.AgentSessions[a] = Math.Max(1, starts - rng.Next(0, (int)starts));
                    extras.UsedAgents = true;
                }
            }
        }

        if (dayNumber >= Milestones.Customizations && cli is not null)
        {
            extras.Customized = true;
            var sessions = cli.SessionCount;
            var plugins = extras.Usage[(int)Customization.Plugin];
            for (var c = 0; c < (int)Customization.Plugin; c++)
            {
                foreach (var key in profile.CustomizationKeys[c])
                {
                    if (!rng.Chance(0.55))
                    {
                        continue;
                    }

                    // MCP: connection attempts, about one per session plus reconnects, whatever the tool calls.
                    var count = c switch
                    {
                        (int)Customization.Mcp => sessions * (1 + (rng.Chance(0.3) ? 1 : 0)),
                        (int)Customization.CustomAgent => 1 + R(0.8 * sessions * rng.Skewed()),
                        _ => 1 + R(1.5 * sessions * rng.Skewed()),
                    };
                    extras.Usage[c].Add((key, count));
                    if (c == (int)Customization.Skill && key >= Customizations.CustomKey
                        && Customizations.PluginOf(key - Customizations.CustomKey, _pools[(int)Customization.Plugin]) is var plugin and >= 0)
                    {
                        var at = plugins.FindIndex(p => p.Key == plugin);
                        if (at < 0)
                        {
                            plugins.Add((plugin, count));
                        }
                        else
                        {
                            plugins[at] = (plugin, plugins[at].Count + count);
                        }
                    }
                }
            }
        }
    }

    private static long? Distinct(DayExtras extras, Customization category) => extras.Customized ? extras.Usage[(int)category].Count : null;

    private static ThirdPartyAgentTotals[] UserAgents(DayExtras extras)
    {
        var rows = new List<ThirdPartyAgentTotals>(Catalog.Agents.Length);
        for (var a = 0; a < Catalog.Agents.Length; a++)
        {
            if (extras.AgentStarts[a] > 0)
            {
                // Per-user entries carry no session count.
                rows.Add(new ThirdPartyAgentTotals { AgentId = Catalog.Agents[a].Id, AgentName = Catalog.Agents[a].Name, UserInitiatedInteractionCount = extras.AgentStarts[a] });
            }
        }

        return [.. rows];
    }

    private static SkillTotals[] Skills(List<(int Key, long Count)> usage, Scratch scratch) =>
        Customizations.Entries((int)Customization.Skill, usage, scratch.Names, static (n, c) => new SkillTotals { Skill = n, InteractionCount = c });

    private static CustomAgentTotals[] CustomAgents(List<(int Key, long Count)> usage, Scratch scratch) =>
        Customizations.Entries((int)Customization.CustomAgent, usage, scratch.Names, static (n, c) => new CustomAgentTotals { CustomAgent = n, InteractionCount = c });

    private static McpTotals[] Mcps(List<(int Key, long Count)> usage, Scratch scratch) =>
        Customizations.Entries((int)Customization.Mcp, usage, scratch.Names, static (n, c) => new McpTotals { Mcp = n, InteractionCount = c });

    private static SlashCommandTotals[] SlashCommands(List<(int Key, long Count)> usage, Scratch scratch) =>
        Customizations.Entries((int)Customization.SlashCommand, usage, scratch.Names, static (n, c) => new SlashCommandTotals { SlashCommand = n, InteractionCount = c });

    private static PluginTotals[] Plugins(List<(int Key, long Count)> usage, Scratch scratch) =>
        Customizations.Entries((int)Customization.Plugin, usage, scratch.Names, static (n, c) => new PluginTotals { Plugin = n, InteractionCount = c });

    private static void AddCell(ref DeterministicRandom rng, List<Cell> cells, Feature feature, int language, int model, double share, double intensity, bool twoIdes)
    {
        var counts = CellCounts(ref rng, feature, intensity * share);
        var ide = twoIdes && rng.Chance(0.3) ? 1 : 0;
        cells.Add(new Cell(feature, language, model, ide, counts));
    }

    /// <summary>One (feature, language, model, IDE) slice of a user's day; every breakdown is a projection of these.</summary>
    private static Counts CellCounts(ref DeterministicRandom rng, Feature feature, double x)
    {
        var c = default(Counts);
        switch (feature)
        {
            case Feature.CodeCompletion:
                c.Generated = 1 + R(28 * x * rng.Skewed());
                c.Accepted = R(c.Generated * rng.Between(0.18, 0.4));
                c.LocSuggestedToAdd = R(c.Generated * rng.Between(1.3, 3.0));
                c.LocAdded = R(c.Accepted * rng.Between(1.1, 2.5));
                break;
            case Feature.ChatInline:
                c.UserInitiated = 1 + R(2.5 * x * rng.Skewed());
                c.Generated = c.UserInitiated + R(c.UserInitiated * rng.NextDouble());
                c.Accepted = R(c.Generated * rng.Between(0.25, 0.6));
                c.LocSuggestedToAdd = R(c.Generated * rng.Between(2, 8));
                c.LocAdded = R(c.Accepted * rng.Between(1.5, 5));
                break;
            case Feature.ChatPanelAskMode:
                c.UserInitiated = 1 + R(4 * x * rng.Skewed());
                c.Generated = R(c.UserInitiated * rng.Between(0.6, 1.8));
                c.Accepted = R(c.Generated * rng.Between(0.1, 0.45));
                c.LocSuggestedToAdd = R(c.Generated * rng.Between(4, 18));
                c.LocAdded = R(c.Accepted * rng.Between(2, 10));
                break;
            case Feature.ChatPanelEditMode:
                c.UserInitiated = 1 + R(3 * x * rng.Skewed());
                c.Generated = R(c.UserInitiated * rng.Between(0.8, 1.8));
                c.Accepted = R(c.Generated * rng.Between(0.2, 0.6));
                c.LocSuggestedToAdd = R(c.Generated * rng.Between(3, 13));
                c.LocAdded = R(c.Accepted * rng.Between(2, 8));
                break;
            case Feature.ChatPanelAgentMode:
                c.UserInitiated = 1 + R(5 * x * rng.Skewed());
                c.Generated = R(c.UserInitiated * rng.Between(0.4, 1.4));
                c.Accepted = R(c.Generated * rng.Between(0.1, 0.4));
                c.LocSuggestedToAdd = R(c.Generated * rng.Between(3, 12));
                c.LocAdded = R(c.Accepted * rng.Between(2, 8));
                break;
            case Feature.ChatPanelPlanMode:
                c.UserInitiated = 1 + R(2 * x * rng.Skewed());
                c.Generated = R(c.UserInitiated * rng.Between(0.2, 0.8));
                c.Accepted = R(c.Generated * rng.Between(0, 0.2));
                c.LocSuggestedToAdd = R(c.Generated * rng.Between(2, 7));
                c.LocAdded = R(c.Accepted * rng.Between(0, 3));
                break;
            case Feature.ChatPanelCustomMode:
                c.UserInitiated = 1 + R(3 * x * rng.Skewed());
                c.Generated = R(c.UserInitiated * rng.Between(0.4, 1.2));
                c.Accepted = R(c.Generated * rng.Between(0.1, 0.3));
                c.LocSuggestedToAdd = R(c.Generated * rng.Between(3, 10));
                c.LocAdded = R(c.Accepted * rng.Between(2, 6));
                break;
            default: // agent_edit: lines written straight into files; no suggestions, interactions or acceptances
                c.Generated = 1 + R(6 * x * rng.Skewed());
                c.LocAdded = R(c.Generated * rng.Between(4, 34));
                c.LocDeleted = R(c.LocAdded * rng.Between(0.05, 0.35));
                break;
        }

        return c;
    }

    private static long R(double value) => (long)Math.Round(value, MidpointRounding.AwayFromZero);

    private IdeTotals[] BuildIdes(ref DeterministicRandom rng, UserProfile profile, int user, DateOnly day, List<Cell> cells)
    {
        Counts primary = default, secondary = default;
        bool hasPrimary = false, hasSecondary = false;
        foreach (var cell in cells)
        {
            if (cell.Ide == 0)
            {
                primary.Add(cell.Counts);
                hasPrimary = true;
            }
            else
            {
                secondary.Add(cell.Counts);
                hasSecondary = true;
            }
        }

        var rows = new IdeTotals[(hasPrimary ? 1 : 0) + (hasSecondary ? 1 : 0)];
        var n = 0;
        if (hasPrimary)
        {
            rows[n++] = IdeRow(ref rng, profile.PrimaryIde, profile, user, day, primary);
        }

        if (hasSecondary)
        {
            rows[n] = IdeRow(ref rng, profile.SecondaryIde, profile, user, day, secondary);
        }

        return rows;
    }

    private IdeTotals IdeRow(ref DeterministicRandom rng, int ide, UserProfile profile, int user, DateOnly day, in Counts counts)
    {
        var info = Catalog.Ides[ide];
        var release = ReleaseIndex(day.DayNumber, profile.VersionLag);
        var patch = (int)(DeterministicRandom.Hash(_seedHash, StreamVersion, user, release) % 4);
        var sampledAt = SampleTime(ref rng, day);
        return Rows.Ide(
            info.Name,
            counts,
            new IdeVersion { Version = info.IdeVersion(release), SampledAt = sampledAt },
            new PluginVersion { Plugin = info.Plugin, Version = info.PluginVersion(release, patch), SampledAt = sampledAt });
    }

    private CliTotals BuildCli(ref DeterministicRandom rng, UserProfile profile, int user, int dayNumber)
    {
        var sessions = 1 + R(2 * rng.Skewed());
        var requests = sessions * rng.Next(3, 16);
        var prompts = Math.Min(requests, sessions * rng.Next(1, 6));
        var outputTokens = requests * rng.Next(300, 1500);
        var promptTokens = requests * rng.Next(8_000, 25_000);
        var release = ReleaseIndex(dayNumber, profile.VersionLag);
        var patch = (int)(DeterministicRandom.Hash(_seedHash, StreamVersion, user, release + 1000) % 3);
        return new CliTotals
        {
            SessionCount = sessions,
            RequestCount = requests,
            PromptCount = prompts,
            TokenUsage = new CliTokenUsage
            {
                OutputTokensSum = outputTokens,
                PromptTokensSum = promptTokens,
                AverageTokensPerRequest = Math.Round((double)(outputTokens + promptTokens) / requests, 1),
            },
            LastKnownCliVersion = new CliVersion
            {
                Version = string.Create(CultureInfo.InvariantCulture, $"1.0.{Math.Max(0, 12 + (release * 2) + patch)}"),
                SampledAt = SampleTime(ref rng, DateOnly.FromDayNumber(dayNumber)),
            },
        };
    }

    private static DateTimeOffset SampleTime(ref DeterministicRandom rng, DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddSeconds(rng.Next(7 * 3600, 22 * 3600));

    /// <summary>Monthly releases since the epoch (negative before it), minus the user's lag.</summary>
    private static int ReleaseIndex(int dayNumber, int lag)
    {
        var days = dayNumber - VersionEpochDay;
        var months = days >= 0 ? days / 28 : ((days + 1) / 28) - 1;
        return Math.Max(-24, months - lag);
    }

    private static FeatureTotals[] BuildFeatures(List<Cell> cells)
    {
        Span<Counts> sums = stackalloc Counts[Catalog.FeatureCount];
        var present = 0;
        foreach (var cell in cells)
        {
            sums[(int)cell.Feature].Add(cell.Counts);
            present |= Bit(cell.Feature);
        }

        var rows = new FeatureTotals[BitOperations.PopCount((uint)present)];
        var n = 0;
        for (var f = 0; f < Catalog.FeatureCount; f++)
        {
            if ((present & (1 << f)) != 0)
            {
                rows[n++] = Rows.Feature(Catalog.FeatureNames[f], sums[f]);
            }
        }

        return rows;
    }

    private static LanguageFeatureTotals[] BuildLanguageFeatures(List<Cell> cells, Scratch scratch)
    {
        var groups = Group(cells, scratch, static c => true, static c => ((int)c.Feature << 16) | c.Language);
        var rows = new LanguageFeatureTotals[groups.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var (key, counts) = groups[i];
            rows[i] = Rows.LanguageFeature(Catalog.Languages[key & 0xFFFF], Catalog.FeatureNames[key >> 16], counts);
        }

        return rows;
    }

    private static LanguageModelTotals[] BuildLanguageModels(List<Cell> cells, Scratch scratch)
    {
        var groups = Group(cells, scratch, static c => c.Model >= 0, static c => (c.Language << 16) | c.Model);
        if (groups.Count == 0)
        {
            return [];
        }

        var rows = new LanguageModelTotals[groups.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var (key, counts) = groups[i];
            rows[i] = Rows.LanguageModel(Catalog.Languages[key >> 16], Catalog.Models[key & 0xFFFF], counts);
        }

        return rows;
    }

    private static ModelFeatureTotals[] BuildModelFeatures(List<Cell> cells, Scratch scratch)
    {
        var groups = Group(cells, scratch, static c => c.Model >= 0, static c => (c.Model << 16) | (int)c.Feature);
        if (groups.Count == 0)
        {
            return [];
        }

        var rows = new ModelFeatureTotals[groups.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var (key, counts) = groups[i];
            rows[i] = Rows.ModelFeature(Catalog.Models[key >> 16], Catalog.FeatureNames[key & 0xFFFF], counts);
        }

        return rows;
    }

    /// <summary>Groups cells by a key, in order of first appearance (there are at most a few dozen cells).</summary>
    private static List<(int Key, Counts Counts)> Group(List<Cell> cells, Scratch scratch, Func<Cell, bool> include, Func<Cell, int> key)
    {
        var groups = scratch.Groups;
        groups.Clear();
        foreach (var cell in cells)
        {
            if (!include(cell))
            {
                continue;
            }

            var k = key(cell);
            var found = false;
            for (var i = 0; i < groups.Count; i++)
            {
                if (groups[i].Key == k)
                {
                    var g = groups[i];
                    g.Counts.Add(cell.Counts);
                    groups[i] = g;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                groups.Add((k, cell.Counts));
            }
        }

        return groups;
    }

    // ---- the aggregate day --------------------------------------------------------------------------------

    private AggregateDayRecord BuildAggregate(DateOnly day, ActivityWindows windows, Scratch scratch)
    {
        var dayNumber = day.DayNumber;
        var sums = new AggregateAccumulator();
        for (var i = 0; i < _profiles.Length; i++)
        {
            var plan = Plan(i, dayNumber);
            if (plan.Active)
            {
                sums.Add(BuildRecord(i, day, plan, scratch), plan, scratch.Extras);
            }
        }

        var w = windows.Count(dayNumber);
        var rng = new DeterministicRandom(DeterministicRandom.Hash(_seedHash, StreamDay, 0, dayNumber));
        var totals = sums.Totals;

        // Aggregate distinct counts count each item once over the scope (never a sum over users); null before GitHub had them.
        var customized = dayNumber >= Milestones.Customizations;
        var skills = sums.Usage(Customization.Skill);
        var customAgents = sums.Usage(Customization.CustomAgent);
        var mcps = sums.Usage(Customization.Mcp);
        var slashCommands = sums.Usage(Customization.SlashCommand);
        var plugins = sums.Usage(Customization.Plugin);
        int? From(int firstDay, int count) => dayNumber >= firstDay && count > 0 ? count : null;
        return new AggregateDayRecord
        {
            Day = day,
            EnterpriseId = _enterpriseId,
            OrganizationId = _organizationId,
            DailyActiveUsers = w.Daily,
            WeeklyActiveUsers = w.Weekly,
            MonthlyActiveUsers = w.Monthly,
            MonthlyActiveChatUsers = w.MonthlyChat,
            MonthlyActiveAgentUsers = w.MonthlyAgent,
            DailyActiveCopilotCloudAgentUsers = w.DailyCloudAgent,
            WeeklyActiveCopilotCloudAgentUsers = w.WeeklyCloudAgent,
            MonthlyActiveCopilotCloudAgentUsers = w.MonthlyCloudAgent,
            DailyActiveCopilotCodeReviewUsers = w.DailyReviewActive,
            WeeklyActiveCopilotCodeReviewUsers = w.WeeklyReviewActive,
            MonthlyActiveCopilotCodeReviewUsers = w.MonthlyReviewActive,
            DailyPassiveCopilotCodeReviewUsers = w.DailyReviewPassive,
            WeeklyPassiveCopilotCodeReviewUsers = w.WeeklyReviewPassive,
            MonthlyPassiveCopilotCodeReviewUsers = w.MonthlyReviewPassive,
            DailyActiveCliUsers = sums.CliUsers == 0 ? null : sums.CliUsers,
            WeeklyActiveCliUsers = From(Milestones.AppAggregate, w.WeeklyCli),
            MonthlyActiveCliUsers = From(Milestones.AppAggregate, w.MonthlyCli),
            DailyActiveCopilotAppUsers = From(Milestones.AppAggregate, w.DailyApp),
            WeeklyActiveCopilotAppUsers = From(Milestones.AppAggregate, w.WeeklyApp),
            MonthlyActiveCopilotAppUsers = From(Milestones.AppAggregate, w.MonthlyApp),
            DailyActiveVscodeAgentUsers = From(Milestones.VscodeAgents, w.DailyVscodeAgent),
            WeeklyActiveVscodeAgentUsers = From(Milestones.VscodeAgents, w.WeeklyVscodeAgent),
            MonthlyActiveVscodeAgentUsers = From(Milestones.VscodeAgents, w.MonthlyVscodeAgent),
            DistinctSkillUseCount = customized ? skills.Count : null,
            DistinctCustomAgentUseCount = customized ? customAgents.Count : null,
            DistinctMcpUseCount = customized ? mcps.Count : null,
            DistinctSlashCommandUseCount = customized ? slashCommands.Count : null,
            DistinctPluginUseCount = customized ? plugins.Count : null,
            UserInitiatedInteractionCount = totals.UserInitiated,
            CodeGenerationActivityCount = totals.Generated,
            CodeAcceptanceActivityCount = totals.Accepted,
            LocSuggestedToAddSum = totals.LocSuggestedToAdd,
            LocSuggestedToDeleteSum = totals.LocSuggestedToDelete,
            LocAddedSum = totals.LocAdded,
            LocDeletedSum = totals.LocDeleted,
            TotalsByIde = sums.Ides(),
            TotalsByFeature = sums.Features(),
            TotalsByLanguageFeature = sums.LanguageFeatures(),
            TotalsByLanguageModel = sums.LanguageModels(),
            TotalsByModelFeature = sums.ModelFeatures(),
            TotalsByCli = sums.Cli(),
            TotalsByCopilotApp = dayNumber >= Milestones.AppAggregate ? sums.App() : null,
            TotalsByVscodeAgent = dayNumber >= Milestones.VscodeAgents ? sums.VscodeAgent() : null,
            TotalsByThirdPartyAgent = dayNumber >= Milestones.ThirdPartyAgents ? sums.Agents() : null,
            TotalsBySkill = customized ? Skills(skills, scratch) : null,
            TotalsByCustomAgent = customized ? CustomAgents(customAgents, scratch) : null,
            TotalsByMcp = customized ? Mcps(mcps, scratch) : null,
            TotalsBySlashCommand = customized ? SlashCommands(slashCommands, scratch) : null,
            TotalsByPlugin = customized ? Plugins(plugins, scratch) : null,
            TotalsByAiAdoptionPhase = BuildPhases(ref rng, sums, dayNumber),
            PullRequests = BuildPullRequests(ref rng, sums),
        };
    }

    private AiAdoptionPhaseTotals[]? BuildPhases(ref DeterministicRandom rng, AggregateAccumulator sums, int dayNumber)
    {
        var rows = new List<AiAdoptionPhaseTotals>(4);
        foreach (var (number, s) in sums.Phases())
        {
            double users = s.Users;
            rows.Add(new AiAdoptionPhaseTotals
            {
                Phase = s.Name,
                PhaseNumber = number,
                TotalEngagedUsers = s.Users,
                AverageUserInitiatedInteractions = Math.Round(s.Counts.UserInitiated / users, 1),
                AverageCodeGenerationActivities = Math.Round(s.Counts.Generated / users, 1),
                AverageCodeAcceptanceActivities = Math.Round(s.Counts.Accepted / users, 1),
                AverageLocAdded = Math.Round(s.Counts.LocAdded / users, 1),
                AverageLocDeleted = Math.Round(s.Counts.LocDeleted / users, 1),
                AveragePullRequestsReviewed = Math.Round(s.PullRequestsReviewed / users, 1),
                AveragePullRequestsCreated = Math.Round(s.PullRequestsCreated / users, 1),
                AveragePullRequestsMerged = Math.Round(s.PullRequestsMerged / users, 1),
                AveragePullRequestsMedianMinutesToMerge = s.PullRequestsMerged == 0 ? 0 : Math.Round(rng.Between(90, 500), 1),
                TotalPullRequestsMerged = dayNumber >= Milestones.PhaseMerges ? s.PullRequestsMerged : null,
                AveragePullRequestsMinutesToReview = PhaseReview(number, dayNumber, s.PullRequestsMerged, cycles: false),
                AveragePullRequestsReviewCycles = PhaseReview(number, dayNumber, s.PullRequestsMerged, cycles: true),
            });
        }

        return rows.Count == 0 ? null : [.. rows];
    }

    /// <summary>A phase's review velocity (merged pull requests only): deeper adoption reviews a little faster, in fewer cycles.</summary>
    private double? PhaseReview(int phase, int dayNumber, long merged, bool cycles)
    {
        if (dayNumber < Milestones.PhaseReviews || merged == 0)
        {
            return null;
        }

        var rng = new DeterministicRandom(DeterministicRandom.Hash(_seedHash, StreamPhaseReviews, (phase * 2) + (cycles ? 1 : 0), dayNumber));
        return cycles
            ? Math.Round(rng.Between(1.0, 3.5) * (1.2 - (0.1 * phase)), 1)
            : Math.Round(rng.Between(40, 400) * (1.3 - (0.15 * phase)), 1);
    }

    private static PullRequestTotals BuildPullRequests(ref DeterministicRandom rng, AggregateAccumulator sums)
    {
        var created = sums.PullRequestsCreated;
        var reviewed = sums.PullRequestsReviewed;
        var merged = sums.PullRequestsMerged;
        var createdByCopilot = sums.PullRequestsCreatedByCopilot;
        var reviewedByCopilot = R(reviewed * rng.Between(0.3, 0.6));
        var mergedCreatedByCopilot = Math.Min(merged, R(createdByCopilot * rng.Between(0.4, 0.8)));
        var mergedReviewedByCopilot = Math.Min(merged, R(merged * rng.Between(0.3, 0.6)));
        var copilotSuggestions = R(reviewedByCopilot * rng.Between(0.8, 2.5));

        var byType = new List<CommentTypeSuggestions>(Catalog.CommentTypes.Length);
        long copilotApplied = 0, assigned = 0;
        var weightTotal = Catalog.CommentTypeWeights.Sum();
        for (var t = 0; t < Catalog.CommentTypes.Length; t++)
        {
            var last = t == Catalog.CommentTypes.Length - 1;
            var n = last ? copilotSuggestions - assigned : Math.Min(copilotSuggestions - assigned, R(copilotSuggestions * Catalog.CommentTypeWeights[t] * rng.Between(0.6, 1.4) / weightTotal));
            assigned += n;
            if (n <= 0)
            {
                continue;
            }

            var applied = R(n * rng.Between(0.15, 0.45));
            copilotApplied += applied;
            byType.Add(new CommentTypeSuggestions { CommentType = Catalog.CommentTypes[t], TotalCopilotSuggestions = n, TotalCopilotAppliedSuggestions = applied });
        }

        var humanSuggestions = R(reviewed * rng.Between(0.4, 1.2));
        return new PullRequestTotals
        {
            TotalCreated = created,
            TotalReviewed = reviewed,
            TotalMerged = merged,
            MedianMinutesToMerge = merged == 0 ? null : Math.Round(rng.Between(120, 600), 1),
            TotalSuggestions = copilotSuggestions + humanSuggestions,
            TotalAppliedSuggestions = copilotApplied + R(humanSuggestions * rng.Between(0.25, 0.45)),
            TotalCreatedByCopilot = createdByCopilot,
            TotalReviewedByCopilot = reviewedByCopilot,
            TotalMergedCreatedByCopilot = mergedCreatedByCopilot,
            TotalMergedReviewedByCopilot = mergedReviewedByCopilot,
            MedianMinutesToMergeCopilotAuthored = mergedCreatedByCopilot == 0 ? null : Math.Round(rng.Between(40, 200), 1),
            MedianMinutesToMergeCopilotReviewed = mergedReviewedByCopilot == 0 ? null : Math.Round(rng.Between(100, 450), 1),
            TotalCopilotSuggestions = copilotSuggestions,
            TotalCopilotAppliedSuggestions = copilotApplied,
            CopilotSuggestionsByCommentType = byType,
        };
    }

    private readonly record struct Cell(Feature Feature, int Language, int Model, int Ide, Counts Counts);

    private sealed record Team(long Id, string Slug, int Members);

    /// <summary>Per-enumeration scratch lists (the generator itself holds no mutable state).</summary>
    private sealed class Scratch
    {
        public List<Cell> Cells { get; } = new(32);

        public List<(int Key, Counts Counts)> Groups { get; } = new(16);

        public DayExtras Extras { get; } = new();

        public List<(string Name, long Count)> Names { get; } = new(8);
    }
}
