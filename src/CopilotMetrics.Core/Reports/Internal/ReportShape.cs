using System.Text.Json;

namespace CopilotMetrics.Reports.Internal;

/// <summary>
/// Tells which report a record belongs to from its identifying keys, so that a file of another report handed to a typed
/// reader is an error that names what it holds instead of records full of zeros.
/// </summary>
internal static class ReportShape
{
    /// <summary>
    /// The keys that identify a report's records. A record that has one of them among its unknown properties is of another
    /// report than the one being read (a reader's own keys are never unknown to it).
    /// </summary>
    private static readonly HashSet<string> Markers = new(StringComparer.Ordinal)
    {
        "user_id", "user_login", "team_id", "slug", "repo_id", "repo_name", "repo_owner_name", "repo_visibility",
        "day_totals", "daily_active_users", "weekly_active_users", "monthly_active_users",
    };

    /// <summary>Whether unknown properties include a key of another report.</summary>
    public static bool HasMarker(IDictionary<string, JsonElement>? unknown)
    {
        if (unknown is null)
        {
            return false;
        }

        foreach (var key in unknown.Keys)
        {
            if (Markers.Contains(key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The report a JSON object looks like from its top-level keys; <see langword="null"/> when none fits.</summary>
    public static ReportType? Detect(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        bool user = false, team = false, repository = false, window = false, aggregate = false, days = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("user_id"u8))
                {
                    user = true;
                }
                else if (reader.ValueTextEquals("team_id"u8))
                {
                    team = true;
                }
                else if (reader.ValueTextEquals("repo_id"u8) || reader.ValueTextEquals("repo_owner_name"u8))
                {
                    repository = true;
                }
                else if (reader.ValueTextEquals("report_start_day"u8))
                {
                    window = true;
                }
                else if (reader.ValueTextEquals("day_totals"u8))
                {
                    days = true;
                }
                else if (reader.ValueTextEquals("daily_active_users"u8) || reader.ValueTextEquals("monthly_active_users"u8))
                {
                    aggregate = true;
                }

                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Broken JSON further on: judge by the keys seen so far.
        }

        return days ? ReportType.Aggregate28Day
            : team ? ReportType.UserTeams1Day
            : repository ? ReportType.Repositories1Day
            : user ? window ? ReportType.Users28Day : ReportType.Users1Day
            : aggregate ? ReportType.Aggregate1Day
            : null;
    }

    /// <summary>The report names an error message uses.</summary>
    public static string Describe(ReportType report) => report switch
    {
        ReportType.Users1Day => "a users-1-day (per-user) record",
        ReportType.Users28Day => "a users-28-day (per-user) record",
        ReportType.Aggregate1Day => "an organization-1-day or enterprise-1-day (aggregate) record",
        ReportType.Aggregate28Day => "an organization-28-day or enterprise-28-day (aggregate) report",
        ReportType.UserTeams1Day => "a user-teams-1-day record",
        ReportType.Repositories1Day => "a repos-1-day record",
        _ => report.ToString(),
    };

    /// <summary>The error for a record of another report.</summary>
    public static RecordFormatException Mismatch(ReportType found, string expected) =>
        new($"The record is {Describe(found)}, not {expected}: the file holds another report than this reader reads.", 0, found);
}
