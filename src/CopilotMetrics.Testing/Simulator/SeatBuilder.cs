using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Testing.Simulation;

/// <summary>A scope's seats: one JSON object per seat, in order, and the distinct seat holders.</summary>
internal sealed class SeatList(byte[][] seats, int totalSeats)
{
    public byte[][] Seats { get; } = seats;

    public int TotalSeats { get; } = totalSeats;

    public long SizeInBytes => Seats.Sum(s => (long)s.Length + 24);
}

/// <summary>
/// Builds <c>copilot-seat-details</c> objects for the users the generator shows: every user in a reported team or
/// active in the last three days. The last activity and editor come from the user's newest record.
/// </summary>
internal static class SeatBuilder
{
    private static readonly string[] Editors =
        ["vscode/1.108.2/copilot-chat/0.37.1", "JetBrains-IU/2025.3.1/copilot-intellij/1.5.63-243", "VisualStudio/17.14.21/copilot-vs/18.0.610.1", "vscode/1.107.1/copilot/1.372.0"];

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static SeatList Build(ScopeState scope, DateOnly lastDay, Uri apiBase)
    {
        var users = new SortedDictionary<long, SeatUser>();
        foreach (var membership in scope.Generator.GenerateUserTeams(lastDay))
        {
            var user = Get(users, membership.UserId, membership.UserLogin ?? "");
            user.TeamId ??= membership.TeamId;
            user.TeamSlug ??= membership.Slug;
        }

        for (var day = lastDay.AddDays(-2); day <= lastDay; day = day.AddDays(1))
        {
            foreach (var record in scope.Generator.GenerateUsers(day))
            {
                Get(users, record.UserId, record.UserLogin).Last = record;
            }
        }

        var seats = new List<byte[]>(users.Count);
        var orgs = scope.SeatOrganizations;
        foreach (var user in users.Values)
        {
            var rng = new Mixer(scope.Hash, 0x5EA7, (ulong)user.Id);
            var orgIndex = rng.Next(orgs.Length);
            var team = rng.Chance(0.5) && user.TeamId is not null;
            seats.Add(Seat(scope, user, orgs[orgIndex], team, lastDay, apiBase, ref rng));
            if (orgs.Length > 1 && rng.Chance(scope.DuplicateSeatShare))
            {
                seats.Add(Seat(scope, user, orgs[(orgIndex + 1 + rng.Next(orgs.Length - 1)) % orgs.Length], false, lastDay, apiBase, ref rng));
            }
        }

        return new SeatList([.. seats], users.Count);
    }

    private static SeatUser Get(SortedDictionary<long, SeatUser> users, long id, string login)
    {
        if (!users.TryGetValue(id, out var user))
        {
            user = new SeatUser(id, login);
            users.Add(id, user);
        }

        return user;
    }

    private static byte[] Seat(ScopeState scope, SeatUser user, SeatOrganization org, bool withTeam, DateOnly lastDay, Uri apiBase, ref Mixer rng)
    {
        var api = apiBase.AbsoluteUri;
        var midnight = new DateTimeOffset(lastDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var created = midnight.AddDays(-rng.Next(30, 500)).AddSeconds(rng.Next(86_400));
        DateTimeOffset? activity;
        string? editor;
        if (user.Last is { } record)
        {
            var ide = record.TotalsByIde.Count > 0 ? record.TotalsByIde[0] : null;
            activity = ide?.LastKnownIdeVersion?.SampledAt
                       ?? new DateTimeOffset(record.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddSeconds(rng.Next(8 * 3600, 20 * 3600));
            editor = ide is null
                ? Editors[rng.Next(Editors.Length)]
                : $"{ide.Ide}/{ide.LastKnownIdeVersion?.Version ?? "unknown"}/{ide.LastKnownPluginVersion?.Plugin ?? "copilot"}/{ide.LastKnownPluginVersion?.Version ?? "unknown"}";
        }
        else if (rng.Chance(0.7))
        {
            activity = midnight.AddDays(-rng.Next(3, 60)).AddSeconds(rng.Next(86_400));
            editor = Editors[rng.Next(Editors.Length)];
        }
        else
        {
            activity = null;
            editor = null;
        }

        if (activity < created)
        {
            created = activity.Value.AddDays(-1);
        }

        DateTimeOffset? authenticated = activity is { } a ? a.AddMinutes(-rng.Next(1, 600)) : rng.Chance(0.5) ? created.AddDays(rng.Next(1, 10)) : null;
        var output = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("created_at", Time(created));
            writer.WriteString("updated_at", Time(created));
            if (rng.Chance(0.03))
            {
                var nextMonth = new DateOnly(lastDay.Year, lastDay.Month, 1).AddMonths(1);
                writer.WriteString("pending_cancellation_date", nextMonth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteNull("pending_cancellation_date");
            }

            WriteTime(writer, "last_activity_at", activity);
            if (editor is null)
            {
                writer.WriteNull("last_activity_editor");
            }
            else
            {
                writer.WriteString("last_activity_editor", editor);
            }

            WriteTime(writer, "last_authenticated_at", authenticated);
            writer.WriteString("plan_type", scope.Scope.Kind == ScopeKind.Organization || !rng.Chance(0.8) ? "business" : "enterprise");

            writer.WriteStartObject("assignee");
            writer.WriteString("login", user.Login);
            writer.WriteNumber("id", user.Id);
            writer.WriteString("node_id", string.Create(CultureInfo.InvariantCulture, $"U_kgDO{user.Id:X}"));
            writer.WriteString("avatar_url", string.Create(CultureInfo.InvariantCulture, $"https://avatars.githubusercontent.com/u/{user.Id}?v=4"));
            writer.WriteString("gravatar_id", "");
            writer.WriteString("url", $"{api}users/{user.Login}");
            writer.WriteString("html_url", $"https://github.com/{user.Login}");
            writer.WriteString("type", "User");
            writer.WriteBoolean("site_admin", false);
            writer.WriteEndObject();

            writer.WriteStartObject("organization");
            writer.WriteString("login", org.Login);
            writer.WriteNumber("id", org.Id);
            writer.WriteString("node_id", string.Create(CultureInfo.InvariantCulture, $"O_kgDO{org.Id:X}"));
            writer.WriteString("url", $"{api}orgs/{org.Login}");
            writer.WriteString("repos_url", $"{api}orgs/{org.Login}/repos");
            writer.WriteString("members_url", $"{api}orgs/{org.Login}/members{{/member}}");
            writer.WriteString("avatar_url", string.Create(CultureInfo.InvariantCulture, $"https://avatars.githubusercontent.com/u/{org.Id}?v=4"));
            writer.WriteNull("description");
            writer.WriteEndObject();

            if (withTeam)
            {
                var slug = user.TeamSlug ?? "team";
                writer.WriteStartObject("assigning_team");
                writer.WriteNumber("id", user.TeamId!.Value);
                writer.WriteString("node_id", string.Create(CultureInfo.InvariantCulture, $"T_kwDO{user.TeamId:X}"));
                writer.WriteString("url", string.Create(CultureInfo.InvariantCulture, $"{api}organizations/{org.Id}/team/{user.TeamId}"));
                writer.WriteString("html_url", $"https://github.com/orgs/{org.Login}/teams/{slug}");
                writer.WriteString("name", slug);
                writer.WriteString("slug", slug);
                writer.WriteNull("description");
                writer.WriteString("privacy", "closed");
                writer.WriteString("notification_setting", "notifications_enabled");
                writer.WriteString("permission", "pull");
                writer.WriteString("members_url", string.Create(CultureInfo.InvariantCulture, $"{api}organizations/{org.Id}/team/{user.TeamId}/members{{/member}}"));
                writer.WriteString("repositories_url", string.Create(CultureInfo.InvariantCulture, $"{api}organizations/{org.Id}/team/{user.TeamId}/repos"));
                writer.WriteNull("parent");
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("assigning_team");
            }

            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            writer.WriteString(name, Time(v));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private sealed class SeatUser(long id, string login)
    {
        public long Id { get; } = id;

        public string Login { get; } = login;

        public long? TeamId { get; set; }

        public string? TeamSlug { get; set; }

        public UserDayRecord? Last { get; set; }
    }
}
