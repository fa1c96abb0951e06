namespace CopilotMetrics.Testing;

/// <summary>
/// Options of <see cref="ReportDataGenerator"/>: the population whose Copilot usage is simulated. The same options
/// always produce the same data, on any machine and in any process.
/// </summary>
public sealed class ReportDataGeneratorOptions
{
    /// <summary>The seed every value is derived from. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Seated Copilot users (the population). Default 100.</summary>
    public int Users { get; set; } = 100;

    /// <summary>Teams users belong to (each user joins 1–3; teams with fewer than 5 members are left out of user-teams reports, as GitHub does). Default 10.</summary>
    public int Teams { get; set; } = 10;

    /// <summary>Average share of seated users active on a weekday (Monday–Friday), 0–1. Default 0.65.</summary>
    public double WeekdayActiveShare { get; set; } = 0.65;

    /// <summary>Average share of seated users active on a Saturday or Sunday, 0–1. Default 0.15.</summary>
    public double WeekendActiveShare { get; set; } = 0.15;

    /// <summary>The enterprise id written on every record. Default <c>"48213"</c>.</summary>
    public string EnterpriseId { get; set; } = "48213";

    /// <summary>The organization id for organization-scope reports; <see langword="null"/> for enterprise scope. Default <c>"9917342"</c>.</summary>
    public string? OrganizationId { get; set; } = "9917342";

    /// <summary>The start of every user login (followed by the user's number, for example <c>user0042</c>). Default <c>"user"</c>.</summary>
    public string LoginPrefix { get; set; } = "user";

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count or share is out of range.</exception>
    /// <exception cref="ArgumentException">An id or the login prefix is empty.</exception>
    public void Validate()
    {
        if (Users is < 0 or > 10_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Users), Users, "Users must be between 0 and 10,000,000.");
        }

        if (Teams is < 0 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Teams), Teams, "Teams must be between 0 and 100,000.");
        }

        if (!(WeekdayActiveShare is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(WeekdayActiveShare), WeekdayActiveShare, "WeekdayActiveShare must be between 0 and 1.");
        }

        if (!(WeekendActiveShare is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(WeekendActiveShare), WeekendActiveShare, "WeekendActiveShare must be between 0 and 1.");
        }

        if (string.IsNullOrWhiteSpace(EnterpriseId))
        {
            throw new ArgumentException("EnterpriseId must not be empty.", nameof(EnterpriseId));
        }

        if (OrganizationId is not null && string.IsNullOrWhiteSpace(OrganizationId))
        {
            throw new ArgumentException("OrganizationId must be null (enterprise scope) or not empty.", nameof(OrganizationId));
        }

        if (string.IsNullOrWhiteSpace(LoginPrefix))
        {
            throw new ArgumentException("LoginPrefix must not be empty.", nameof(LoginPrefix));
        }
    }
}
