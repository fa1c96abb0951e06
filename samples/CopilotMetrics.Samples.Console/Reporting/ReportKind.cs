namespace CopilotMetrics.Samples.Console.Reporting;

/// <summary>The kinds of report file the sample can read, one per <see cref="CopilotMetrics.Reports.ReportReader"/> method.</summary>
public enum ReportKind
{
    /// <summary><c>users-1-day</c> / <c>users-28-day</c>: one record per user and day.</summary>
    Users,

    /// <summary><c>organization-*</c> / <c>enterprise-*</c>: one aggregate record per day (28-day wrappers are unwrapped).</summary>
    Aggregate,

    /// <summary><c>user-teams-1-day</c>: one record per user and team.</summary>
    UserTeams,

    /// <summary><c>repos-1-day</c>: one record per repository.</summary>
    Repositories,
}

/// <summary>The names of <see cref="ReportKind"/> on the command line (<c>--kind</c>).</summary>
public static class ReportKindNames
{
    /// <summary>The <c>--kind</c> value that detects the kind from the first record.</summary>
    public const string Auto = "auto";

    /// <summary>Every accepted <c>--kind</c> value, for help and error messages.</summary>
    public static IReadOnlyList<string> All { get; } = [Auto, "users", "aggregate", "user-teams", "repos"];

    /// <summary>The command-line name of a kind.</summary>
    public static string ToName(this ReportKind kind) => kind switch
    {
        ReportKind.Users => "users",
        ReportKind.Aggregate => "aggregate",
        ReportKind.UserTeams => "user-teams",
        ReportKind.Repositories => "repos",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a <c>--kind</c> value: <see langword="true"/> with <paramref name="kind"/> <see langword="null"/> for <c>auto</c>.</summary>
    public static bool TryParse(string? value, out ReportKind? kind)
    {
        kind = null;
        switch (value?.Trim().ToUpperInvariant())
        {
            case null or "" or "AUTO":
                return true;
            case "USERS":
                kind = ReportKind.Users;
                return true;
            case "AGGREGATE":
                kind = ReportKind.Aggregate;
                return true;
            case "USER-TEAMS":
                kind = ReportKind.UserTeams;
                return true;
            case "REPOS":
                kind = ReportKind.Repositories;
                return true;
            default:
                return false;
        }
    }
}
