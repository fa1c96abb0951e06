using System.Diagnostics.CodeAnalysis;

namespace CopilotMetrics;

/// <summary>Whether a scope is an organization or an enterprise.</summary>
public enum ScopeKind
{
    /// <summary>A GitHub organization (<c>/orgs/{org}</c>).</summary>
    Organization = 0,

    /// <summary>A GitHub enterprise (<c>/enterprises/{enterprise}</c>).</summary>
    Enterprise = 1,
}

/// <summary>An organization or enterprise whose Copilot usage metrics are read. Written <c>org:NAME</c> or <c>enterprise:SLUG</c>.</summary>
public readonly record struct MetricsScope
{
    private static readonly System.Buffers.SearchValues<char> InvalidNameChars = System.Buffers.SearchValues.Create("/?#%\\ ");

    /// <summary>Creates a scope.</summary>
    /// <param name="kind">Organization or enterprise.</param>
    /// <param name="name">The organization login or enterprise slug.</param>
    public MetricsScope(ScopeKind kind, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown scope kind.");
        }

        if (name.AsSpan().IndexOfAny(InvalidNameChars) >= 0)
        {
            throw new ArgumentException($"'{name}' is not a valid organization login or enterprise slug.", nameof(name));
        }

        Kind = kind;
        Name = name;
    }

    /// <summary>Organization or enterprise.</summary>
    public ScopeKind Kind { get; }

    /// <summary>The organization login or enterprise slug.</summary>
    public string Name { get; }

    /// <summary>An organization scope.</summary>
    /// <param name="login">The organization login.</param>
    /// <returns>The scope.</returns>
    public static MetricsScope Organization(string login) => new(ScopeKind.Organization, login);

    /// <summary>An enterprise scope.</summary>
    /// <param name="slug">The enterprise slug.</param>
    /// <returns>The scope.</returns>
    public static MetricsScope Enterprise(string slug) => new(ScopeKind.Enterprise, slug);

    /// <summary>Parses <c>org:NAME</c>, <c>organization:NAME</c>, <c>enterprise:SLUG</c> or <c>ent:SLUG</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="FormatException">The text is not a scope.</exception>
    public static MetricsScope Parse(string text) =>
        TryParse(text, out var scope) ? scope : throw new FormatException($"'{text}' is not a scope: write org:NAME or enterprise:SLUG.");

    /// <summary>Tries to parse <c>org:NAME</c> or <c>enterprise:SLUG</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="scope">The scope, when the text is one.</param>
    /// <returns>Whether the text is a scope.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out MetricsScope scope)
    {
        scope = default;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0 || colon == text!.Length - 1)
        {
            return false;
        }

        var prefix = text[..colon].Trim();
        var name = text[(colon + 1)..].Trim();
        ScopeKind kind;
        if (prefix.Equals("org", StringComparison.OrdinalIgnoreCase) || prefix.Equals("organization", StringComparison.OrdinalIgnoreCase))
        {
            kind = ScopeKind.Organization;
        }
        else if (prefix.Equals("enterprise", StringComparison.OrdinalIgnoreCase) || prefix.Equals("ent", StringComparison.OrdinalIgnoreCase))
        {
            kind = ScopeKind.Enterprise;
        }
        else
        {
            return false;
        }

        if (name.Length == 0 || name.AsSpan().IndexOfAny(InvalidNameChars) >= 0)
        {
            return false;
        }

        scope = new MetricsScope(kind, name);
        return true;
    }

    /// <summary>The API path of the scope, <c>orgs/NAME</c> or <c>enterprises/SLUG</c>.</summary>
    internal string PathPrefix => Kind == ScopeKind.Organization ? $"orgs/{Uri.EscapeDataString(Name)}" : $"enterprises/{Uri.EscapeDataString(Name)}";

    /// <inheritdoc />
    public override string ToString() => Kind == ScopeKind.Organization ? $"org:{Name}" : $"enterprise:{Name}";
}

/// <summary>The Copilot usage metrics reports.</summary>
public enum ReportType
{
    /// <summary>The scope's totals for one day (<c>organization-1-day</c> / <c>enterprise-1-day</c>).</summary>
    Aggregate1Day = 0,

    /// <summary>The scope's totals for each day of the latest 28 days (<c>organization-28-day/latest</c> / <c>enterprise-28-day/latest</c>).</summary>
    Aggregate28Day = 1,

    /// <summary>One row per user for one day (<c>users-1-day</c>).</summary>
    Users1Day = 2,

    /// <summary>One row per user and day of the latest 28 days (<c>users-28-day/latest</c>).</summary>
    Users28Day = 3,

    /// <summary>One row per user and team for one day (<c>user-teams-1-day</c>).</summary>
    UserTeams1Day = 4,

    /// <summary>One row per repository with pull-request activity for one day (<c>repos-1-day</c>).</summary>
    Repositories1Day = 5,
}

/// <summary>Facts about <see cref="ReportType"/>.</summary>
public static class ReportTypes
{
    /// <summary>Every report type.</summary>
    public static IReadOnlyList<ReportType> All { get; } =
        [ReportType.Aggregate1Day, ReportType.Aggregate28Day, ReportType.Users1Day, ReportType.Users28Day, ReportType.UserTeams1Day, ReportType.Repositories1Day];

    /// <summary>Whether the report is asked for one day (<c>?day=</c>); the 28-day reports are "latest" only.</summary>
    /// <param name="type">The report.</param>
    /// <returns><see langword="true"/> for the 1-day reports.</returns>
    public static bool IsDaily(this ReportType type) => type is not (ReportType.Aggregate28Day or ReportType.Users28Day);

    /// <summary>The report's name in GitHub's URL for a scope, for example <c>organization-1-day</c> or <c>users-28-day/latest</c>.</summary>
    /// <param name="type">The report.</param>
    /// <param name="kind">The scope kind.</param>
    /// <returns>The path segment(s).</returns>
    public static string PathSegment(this ReportType type, ScopeKind kind) => type switch
    {
        ReportType.Aggregate1Day => kind == ScopeKind.Organization ? "organization-1-day" : "enterprise-1-day",
        ReportType.Aggregate28Day => kind == ScopeKind.Organization ? "organization-28-day/latest" : "enterprise-28-day/latest",
        ReportType.Users1Day => "users-1-day",
        ReportType.Users28Day => "users-28-day/latest",
        ReportType.UserTeams1Day => "user-teams-1-day",
        ReportType.Repositories1Day => "repos-1-day",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown report type."),
    };
}
