using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Core.Tests.Reports;

/// <summary>
/// The schema snapshot (src/CopilotMetrics.Core/Reports/report-schema.txt): every JSON property the report records and
/// their nested types model, as the source-generated metadata says. A field typed (or dropped) without updating the file
/// fails here, so that each change of the modelled schema shows up as a reviewed diff of that file.
/// </summary>
public sealed class ReportSchemaTests
{
    private const string Regenerate = "UPDATE_REPORT_SCHEMA=1 dotnet test tests/CopilotMetrics.Core.Tests --filter FullyQualifiedName~ReportSchemaTests";

    /// <summary>The records a report file holds; their nested types are found from their properties.</summary>
    private static readonly Type[] Roots = [typeof(UserDayRecord), typeof(AggregateReport), typeof(AggregateDayRecord), typeof(UserTeamRecord), typeof(RepositoryDayRecord)];

    [Fact]
    public void The_checked_in_schema_lists_exactly_what_the_records_model()
    {
        var path = SchemaPath();
        var generated = Generate();
        if (Environment.GetEnvironmentVariable("UPDATE_REPORT_SCHEMA") == "1")
        {
            File.WriteAllText(path, string.Join('\n', generated) + "\n");
        }

        var file = File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var missing = generated.Where(l => l.Length > 0 && !l.StartsWith('#')).Except(file).ToList();
        var stale = file.Except(generated).ToList();

        Assert.True(
            missing.Count == 0 && stale.Count == 0,
            $"report-schema.txt and the records disagree. Review the change, then run\n  {Regenerate}\n" +
            (missing.Count > 0 ? $"Modelled but not in the file (add these lines):\n  {string.Join("\n  ", missing)}\n" : "") +
            (stale.Count > 0 ? $"In the file but no longer modelled (remove these lines):\n  {string.Join("\n  ", stale)}\n" : ""));
        Assert.Equal(file, generated.Where(l => l.Length > 0 && !l.StartsWith('#')).ToList()); // the same order too
    }

    [Fact]
    public void The_snapshot_covers_the_2026_fields_and_leaves_the_unconfirmed_ones_out()
    {
        var lines = Generate();
        foreach (var expected in new[]
        {
            "UserDayRecord.totals_by_skill: list<SkillTotals>?",
            "UserDayRecord.used_vscode_agent: bool?",
            "AggregateDayRecord.daily_active_copilot_app_users: int?",
            "SkillTotals.interaction_count: long?",
            "ThirdPartyAgentTotals.agent_id: string?",
            "VscodeAgentTotals.total_user_messages: long?",
            "RepositoryDayRecord.pull_request_review_times: list<PullRequestReviewTimes>?",
            "PullRequestReviewTimes.p90_minutes_final_review_to_merge: double?",
            "AiAdoptionPhaseTotals.avg_pull_requests_review_cycles: double?",
            "UserDayRecord.day: DateOnly (required)",
        })
        {
            Assert.Contains(expected, lines);
        }

        Assert.DoesNotContain(lines, l => l.Contains("copilot_feature_engagement", StringComparison.Ordinal));
    }

    /// <summary>One line per modelled property, <c>Type.json_name: type</c>, types in name order, properties in serialization order.</summary>
    private static List<string> Generate()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = ReportJson.TypeInfoResolver };
        var types = new SortedDictionary<string, JsonTypeInfo>(StringComparer.Ordinal);
        var pending = new Queue<Type>(Roots);
        while (pending.TryDequeue(out var type))
        {
            if (types.ContainsKey(type.Name))
            {
                continue;
            }

            var info = options.GetTypeInfo(type);
            types.Add(type.Name, info);
            foreach (var property in Modelled(info))
            {
                if (Element(property.PropertyType) is { } nested && typeof(ReportObject).IsAssignableFrom(nested))
                {
                    pending.Enqueue(nested);
                }
            }
        }

        var lines = new List<string>
        {
            "# Every JSON property the report records model, generated from ReportJson's source-generated metadata.",
            "# The test ReportSchemaTests compares it with the records; after a reviewed change, regenerate it with",
            "#   " + Regenerate,
            "# Format: Type.json_name: type ('?' may be absent or null, and a list that is reads as empty; 'list<T>' an array;",
            "# '(required)' must be present). Properties are in the order ReportJson writes them.",
            "# Unknown properties of every type are kept in AdditionalProperties and are not listed.",
        };
        foreach (var (name, info) in types)
        {
            lines.Add("");
            foreach (var property in Modelled(info))
            {
                lines.Add($"{name}.{property.Name}: {Describe(property)}{(property.IsRequired ? " (required)" : "")}");
            }
        }

        return lines;
    }

    /// <summary>The JSON properties of a type: not the extension data, not the [JsonIgnore]d C# views (no getter, no setter).</summary>
    private static IEnumerable<JsonPropertyInfo> Modelled(JsonTypeInfo info) =>
        info.Properties.Where(p => !p.IsExtensionData && (p.Get is not null || p.Set is not null));

    private static string Describe(JsonPropertyInfo property)
    {
        var type = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(type);
        var nullable = underlying is not null || (!type.IsValueType && property.IsGetNullable);
        var name = Element(type) is { } element && type != typeof(string) && type.IsGenericType ? $"list<{Name(element)}>" : Name(underlying ?? type);
        return nullable ? name + "?" : name;
    }

    private static Type? Element(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0]
        : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Nullable<>) ? null
        : type;

    private static string Name(Type type) => type switch
    {
        _ when type == typeof(long) => "long",
        _ when type == typeof(int) => "int",
        _ when type == typeof(bool) => "bool",
        _ when type == typeof(double) => "double",
        _ when type == typeof(string) => "string",
        _ => type.Name,
    };

    /// <summary>The file in the source tree: next to this test's source, or (when a build maps source paths) above the test's output.</summary>
    private static string SchemaPath([CallerFilePath] string thisFile = "")
    {
        var relative = Path.Combine("src", "CopilotMetrics.Core", "Reports", "report-schema.txt");
        var beside = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", relative));
        if (File.Exists(beside))
        {
            return beside;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, relative)))
            {
                return Path.Combine(directory.FullName, relative);
            }
        }

        throw new FileNotFoundException($"report-schema.txt not found (looked beside {thisFile} and above {AppContext.BaseDirectory}).");
    }
}
