namespace CopilotMetrics.Testing;

/// <summary>An organization or enterprise known to <see cref="GitHubSimulator"/>, with the population behind its reports.</summary>
public sealed class SimulatedScope
{
    /// <summary>The organization (<c>org:NAME</c>) or enterprise (<c>enterprise:SLUG</c>); names match case-insensitively.</summary>
    public MetricsScope Scope { get; set; }

    /// <summary>
    /// The population whose reports are served. For an enterprise scope the organization id is ignored (enterprise
    /// records carry no <c>organization_id</c>); for an organization scope it must be set. Default: 100 users.
    /// </summary>
    public ReportDataGeneratorOptions Data { get; set; } = new();

    /// <summary>The first day with reports; default 2025-10-10 for enterprises and 2025-12-12 for organizations, as GitHub documents.</summary>
    public DateOnly? FirstDay { get; set; }

    /// <summary>
    /// How many files each report is split into (by ranges of records, in order; the 28-day reports by ranges of days).
    /// The one-record aggregate 1-day report is always one file. Default 1.
    /// </summary>
    public int FilesPerReport { get; set; } = 1;

    /// <summary>Whether the "Copilot usage metrics" policy is off: every report request is answered 403.</summary>
    public bool PolicyDisabled { get; set; }

    /// <summary>
    /// Enterprise scopes only: the share of users whose seat is listed a second time, from another organization, so
    /// that the seats array is longer than <c>total_seats</c> (GitHub does that). Default 0.1.
    /// </summary>
    public double DuplicateSeatShare { get; set; } = 0.1;

    /// <summary>The first day with reports, after the default is applied.</summary>
    internal DateOnly EffectiveFirstDay => FirstDay ?? (Scope.Kind == ScopeKind.Enterprise ? GitHubSimulator.EnterpriseFirstDay : GitHubSimulator.OrganizationFirstDay);

    /// <summary>Checks the scope.</summary>
    /// <exception cref="ArgumentException">A value is invalid.</exception>
    public void Validate()
    {
        if (Scope.Name is null)
        {
            throw new ArgumentException("SimulatedScope.Scope must be set (MetricsScope.Organization(\"…\") or MetricsScope.Enterprise(\"…\")).", nameof(Scope));
        }

        if (Data is null)
        {
            throw new ArgumentException($"SimulatedScope.Data of {Scope} must not be null.", nameof(Data));
        }

        Data.Validate();
        if (Scope.Kind == ScopeKind.Organization && Data.OrganizationId is null)
        {
            throw new ArgumentException($"SimulatedScope.Data.OrganizationId of {Scope} must be set: organization records carry it.", nameof(Data));
        }

        if (FilesPerReport is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(FilesPerReport), FilesPerReport, $"FilesPerReport of {Scope} must be between 1 and 100.");
        }

        if (!(DuplicateSeatShare is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(DuplicateSeatShare), DuplicateSeatShare, $"DuplicateSeatShare of {Scope} must be between 0 and 1.");
        }
    }
}
