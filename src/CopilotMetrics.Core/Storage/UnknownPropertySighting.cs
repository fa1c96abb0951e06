using System.Globalization;

namespace CopilotMetrics.Storage;

/// <summary>
/// A property GitHub sends that no record type models (schema drift), as the stored sync statuses of a scope know it: the
/// path (<c>totals_by_x</c>, <c>totals_by_ide[].new_field</c>) and the first and last day it was seen in one dataset. Such
/// a property is kept losslessly in <see cref="Reports.ReportObject.AdditionalProperties"/>, not typed.
/// </summary>
public sealed record UnknownPropertySighting
{
    /// <summary>The organization or enterprise.</summary>
    public required MetricsScope Scope { get; init; }

    /// <summary>The dataset whose report carried it.</summary>
    public required SyncDataset Dataset { get; init; }

    /// <summary>The property's path in a record (<see cref="Reports.ReportReadStatistics.UnknownProperties"/>).</summary>
    public required string Path { get; init; }

    /// <summary>The first day whose stored status names it.</summary>
    public required DateOnly FirstSeen { get; init; }

    /// <summary>The last day whose stored status names it.</summary>
    public required DateOnly LastSeen { get; init; }

    /// <summary>The report the dataset is fetched from, as GitHub names it (<c>users-1-day</c>, <c>organization-1-day</c>).</summary>
    public string Report => Dataset switch
    {
        SyncDataset.Aggregate => Scope.Kind == ScopeKind.Organization ? "organization-1-day" : "enterprise-1-day",
        SyncDataset.Users => "users-1-day",
        SyncDataset.UserTeams => "user-teams-1-day",
        SyncDataset.Repositories => "repos-1-day",
        SyncDataset.Seats => "seats",
        _ => Dataset.ToString(),
    };

    /// <summary>One line for people: <c>`totals_by_x`: first seen 2026-12-01 in users-1-day, kept losslessly, not typed</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"`{Path}`: first seen {FirstSeen:yyyy-MM-dd} in {Report}, kept losslessly, not typed");
}
