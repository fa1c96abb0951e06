using CopilotMetrics.Reports;

namespace CopilotMetrics.Storage.Legacy;

/// <summary>
/// Rebuilds the retired <c>/copilot/metrics</c> day objects from stored new-style reports, for dashboards that still
/// read the legacy shape. <see cref="Project(AggregateDayRecord, IEnumerable{DailyEngagement})"/> is a pure function of one day's aggregate record and its engagement
/// rows; <see cref="ProjectAsync"/> reads both from any <see cref="IMetricsReader"/>
/// (<see cref="IMetricsReader.GetAggregateDaysAsync"/> and <see cref="IMetricsReader.GetDailyEngagementAsync"/>).
/// </summary>
/// <remarks>
/// <para>
/// GitHub published no mapping from the new reports to the old objects, and the new data cannot fill every old
/// field. The projection follows these rules, and says where a number is missing or only a bound, instead of
/// inventing one. Values are not comparable 1:1 with numbers the legacy API once returned: the new counters cover
/// more surfaces (completions, chat actions and agent edits), so re-baseline rather than diff across the cutover.
/// </para>
/// <list type="bullet">
/// <item><description>
/// One day object per day of the range that has a stored aggregate record, ordered by day. Days without an
/// aggregate record are omitted. A day with an aggregate but no per-user rows gets 0 for every engaged-user count.
/// </description></item>
/// <item><description>
/// <c>total_active_users</c> is the aggregate's <c>daily_active_users</c>. <c>total_engaged_users</c> is recomputed
/// from the per-user rows: users with interactions or acceptances above zero
/// (<see cref="EngagementKind.Engaged"/>).
/// </description></item>
/// <item><description>
/// <c>copilot_ide_code_completions.total_engaged_users</c>: users with a <c>code_completion</c> feature row
/// (<see cref="EngagementKind.Feature"/>, key <c>code_completion</c>).
/// </description></item>
/// <item><description>
/// <c>copilot_ide_code_completions.languages</c>: one entry per language of the aggregate's
/// <c>totals_by_language_feature</c> rows with feature <c>code_completion</c> (and per language with completion
/// users), ordered by name, with <c>total_code_suggestions</c> ⇐ <c>code_generation_activity_count</c>,
/// <c>total_code_acceptances</c> ⇐ <c>code_acceptance_activity_count</c>, <c>total_code_lines_suggested</c> ⇐
/// <c>loc_suggested_to_add_sum</c>, <c>total_code_lines_accepted</c> ⇐ <c>loc_added_sum</c>, and
/// <c>total_engaged_users</c> from <see cref="EngagementKind.CompletionLanguage"/>. The legacy schema carried these
/// counters only under <c>editors[].models[].languages[]</c>; here they are on the top-level languages (see next).
/// </description></item>
/// <item><description>
/// The completion models of a day are the models of the aggregate's <c>totals_by_model_feature</c> rows with feature
/// <c>code_completion</c> (GitHub's reports carry them for some scopes and days only) and the models with completion
/// users (<see cref="EngagementKind.CompletionModel"/>: distinct users with such a per-user row). They are listed in
/// <c>copilot_ide_code_completions.models</c> (an addition to the legacy schema, like <c>copilot_ide_chat.models</c>),
/// ordered by name, each not custom, without a training date, with <c>total_engaged_users</c> from
/// <see cref="EngagementKind.CompletionModel"/> and an empty <c>languages</c> list (there is no model × language
/// breakdown of completions either). No counters are put on a model: the legacy schema had them per editor, model and
/// language only.
/// </description></item>
/// <item><description>
/// <c>copilot_ide_code_completions.editors</c>: one entry per IDE of the aggregate's <c>totals_by_ide</c> rows (and
/// per IDE with completion users), ordered by name, with <c>total_engaged_users</c> from
/// <see cref="EngagementKind.CompletionIde"/> (0 for an IDE whose users only chatted). The new reports have no
/// editor × language and no editor × model breakdown (<c>ide</c>, <c>language</c> and <c>model</c> live in separate
/// arrays), so an editor's <c>models</c> are: when the day has no completion model, a single model <c>default</c> (not
/// custom, no training date, the editor's engaged users), as before GitHub reported completion models; when it has
/// some and the day has exactly one editor, the day's completion models (all completion activity was in that editor,
/// so the per-model users are the editor's); otherwise an empty list, because which editor a model was used in is not
/// known. Every model's <c>languages</c> is empty. Copying the organization-wide language or model list into every
/// editor, as some tools do, multiplies every total by the number of editors; splitting it by some ratio would invent
/// data.
/// </description></item>
/// <item><description>
/// <c>copilot_ide_chat.total_engaged_users</c>: a lower bound, the largest distinct-user count among the chat
/// features (<c>chat_*</c> feature rows), the chat IDEs and the chat models of the day. The store's engagement rows
/// count users per feature, IDE and model, not users of any chat feature, so a user of two chat features would be
/// counted twice by a sum; the exact number is at least this bound and at most the sum.
/// </description></item>
/// <item><description>
/// <c>copilot_ide_chat.editors</c>: one entry per IDE with chat users (<see cref="EngagementKind.ChatIde"/>), ordered by
/// name, each with an empty <c>models</c> list: as for completions, there is no editor × model breakdown.
/// </description></item>
/// <item><description>
/// <c>copilot_ide_chat.models</c> (an addition to the legacy schema, which had models per editor only): one entry per
/// model of the aggregate's <c>totals_by_model_feature</c> rows of chat features (and per model with chat users),
/// ordered by name, with <c>total_chats</c> ⇐ <c>user_initiated_interaction_count</c> summed over the chat features,
/// <c>total_engaged_users</c> from <see cref="EngagementKind.ChatModel"/>, <c>is_custom_model</c> false and no
/// training date. <c>total_chat_insertion_events</c> and <c>total_chat_copy_events</c> are always 0: the new reports
/// lump apply, insert, copy and terminal actions into <c>code_acceptance_activity_count</c> and have no equivalent.
/// </description></item>
/// <item><description>
/// <c>copilot_dotcom_chat</c> and <c>copilot_dotcom_pull_requests</c> are always <see langword="null"/>: the new
/// reports exclude GitHub.com chat and have no pull-request summaries.
/// </description></item>
/// </list>
/// </remarks>
public static class LegacyMetricsProjection
{
    private const string CodeCompletion = FeatureNames.CodeCompletion;
    private const string DefaultModel = "default";

    /// <summary>Projects the stored days of a range onto legacy day objects (see the remarks for the rules).</summary>
    /// <param name="reader">The store to read from.</param>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="range">The days.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One day object per stored aggregate day, ordered by day.</returns>
    public static async Task<IReadOnlyList<LegacyMetricsDay>> ProjectAsync(IMetricsReader reader, MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var aggregates = new List<AggregateDayRecord>();
        await foreach (var record in reader.GetAggregateDaysAsync(scope, range, cancellationToken).ConfigureAwait(false))
        {
            aggregates.Add(record);
        }

        if (aggregates.Count == 0)
        {
            return [];
        }

        var engagement = (await reader.GetDailyEngagementAsync(scope, range, cancellationToken).ConfigureAwait(false))
            .GroupBy(static e => e.Day)
            .ToDictionary(static g => g.Key, static g => new DayEngagement(g));

        var result = new List<LegacyMetricsDay>(aggregates.Count);
        foreach (var aggregate in aggregates.OrderBy(static a => a.Day))
        {
            engagement.TryGetValue(aggregate.Day, out var users);
            result.Add(ProjectDay(aggregate, users ?? DayEngagement.None));
        }

        return result;
    }

    /// <summary>Projects one day (see the remarks for the rules): a pure function of its records.</summary>
    /// <param name="aggregate">The day's aggregate record.</param>
    /// <param name="engagement">The day's distinct-user rows (<see cref="IMetricsReader.GetDailyEngagementAsync"/>); rows of other days are ignored.</param>
    /// <returns>The legacy day object.</returns>
    public static LegacyMetricsDay Project(AggregateDayRecord aggregate, IEnumerable<DailyEngagement> engagement)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(engagement);
        return ProjectDay(aggregate, new DayEngagement(engagement.Where(e => e.Day == aggregate.Day)));
    }

    private static LegacyMetricsDay ProjectDay(AggregateDayRecord aggregate, DayEngagement users) => new()
    {
        Date = aggregate.Day,
        TotalActiveUsers = aggregate.DailyActiveUsers,
        TotalEngagedUsers = users.Get(EngagementKind.Engaged, ""),
        CopilotIdeCodeCompletions = Completions(aggregate, users),
        CopilotIdeChat = Chat(aggregate, users),
        CopilotDotcomChat = null,
        CopilotDotcomPullRequests = null,
    };

    private static LegacyIdeCodeCompletions Completions(AggregateDayRecord aggregate, DayEngagement users)
    {
        var byLanguage = new Dictionary<string, ActivityCounts>(StringComparer.Ordinal);
        foreach (var row in aggregate.TotalsByLanguageFeature ?? [])
        {
            if (row is not null && row.Feature == CodeCompletion)
            {
                var language = row.Language ?? "";
                byLanguage[language] = byLanguage.GetValueOrDefault(language) + ActivityCounts.From(row);
            }
        }

        var languages = byLanguage.Keys.Union(users.Keys(EngagementKind.CompletionLanguage), StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                var counts = byLanguage.GetValueOrDefault(name);
                return new LegacyCompletionLanguage
                {
                    Name = name,
                    TotalEngagedUsers = users.Get(EngagementKind.CompletionLanguage, name),
                    TotalCodeSuggestions = counts.CodeGenerations,
                    TotalCodeAcceptances = counts.CodeAcceptances,
                    TotalCodeLinesSuggested = counts.LocSuggestedToAdd,
                    TotalCodeLinesAccepted = counts.LocAdded,
                };
            });

        var models = (aggregate.TotalsByModelFeature ?? []).Where(static r => r is not null && r.Feature == CodeCompletion).Select(static r => r.Model ?? "")
            .Union(users.Keys(EngagementKind.CompletionModel), StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => Model(name, users.Get(EngagementKind.CompletionModel, name)))
            .ToList();

        var editorNames = (aggregate.TotalsByIde ?? []).Where(static r => r is not null).Select(static r => r.Ide ?? "")
            .Union(users.Keys(EngagementKind.CompletionIde), StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var editors = editorNames.Select(name =>
        {
            var engaged = users.Get(EngagementKind.CompletionIde, name);
            return new LegacyCompletionEditor
            {
                Name = name,
                TotalEngagedUsers = engaged,
                Models = models.Count == 0 ? [Model(DefaultModel, engaged)] : editorNames.Count == 1 ? models : [],
            };
        });

        return new LegacyIdeCodeCompletions
        {
            TotalEngagedUsers = users.Get(EngagementKind.Feature, CodeCompletion),
            Languages = [.. languages],
            Editors = [.. editors],
            Models = models,
        };

        static LegacyCompletionModel Model(string name, int engaged) =>
            new() { Name = name, IsCustomModel = false, CustomModelTrainingDate = null, TotalEngagedUsers = engaged, Languages = [] };
    }

    private static LegacyIdeChat Chat(AggregateDayRecord aggregate, DayEngagement users)
    {
        var chats = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in aggregate.TotalsByModelFeature ?? [])
        {
            if (row is not null && FeatureNames.IsChat(row.Feature))
            {
                var model = row.Model ?? "";
                chats[model] = chats.GetValueOrDefault(model) + row.UserInitiatedInteractionCount;
            }
        }

        var models = chats.Keys.Union(users.Keys(EngagementKind.ChatModel), StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => new LegacyChatModel
            {
                Name = name,
                IsCustomModel = false,
                CustomModelTrainingDate = null,
                TotalEngagedUsers = users.Get(EngagementKind.ChatModel, name),
                TotalChats = chats.GetValueOrDefault(name),
                TotalChatInsertionEvents = 0,
                TotalChatCopyEvents = 0,
            });

        var editors = users.Keys(EngagementKind.ChatIde)
            .Order(StringComparer.Ordinal)
            .Select(name => new LegacyChatEditor { Name = name, TotalEngagedUsers = users.Get(EngagementKind.ChatIde, name), Models = [] });

        // A lower bound: every one of these counts is a subset of the day's chat users.
        var engaged = users.Rows(EngagementKind.Feature).Where(static r => FeatureNames.IsChat(r.Key))
            .Concat(users.Rows(EngagementKind.ChatIde))
            .Concat(users.Rows(EngagementKind.ChatModel))
            .Select(static r => r.Users)
            .DefaultIfEmpty(0)
            .Max();

        return new LegacyIdeChat { TotalEngagedUsers = engaged, Editors = [.. editors], Models = [.. models] };
    }

    /// <summary>One day's engagement rows by kind and key.</summary>
    private sealed class DayEngagement
    {
        public static readonly DayEngagement None = new([]);

        private readonly Dictionary<(EngagementKind Kind, string Key), int> _users = [];

        public DayEngagement(IEnumerable<DailyEngagement> rows)
        {
            foreach (var row in rows)
            {
                _users[(row.Kind, row.Key ?? "")] = row.Users;
            }
        }

        public int Get(EngagementKind kind, string key) => _users.GetValueOrDefault((kind, key));

        public IEnumerable<string> Keys(EngagementKind kind) => _users.Keys.Where(k => k.Kind == kind).Select(static k => k.Key);

        public IEnumerable<(string Key, int Users)> Rows(EngagementKind kind) =>
            _users.Where(u => u.Key.Kind == kind).Select(static u => (u.Key.Key, u.Value));
    }
}
