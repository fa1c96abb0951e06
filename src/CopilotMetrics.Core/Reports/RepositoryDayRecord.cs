using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>
/// One repository's pull-request activity on one day: a line of a <c>repos-1-day</c> report. GitHub does not
/// document this record's fields; the id and name are modelled and everything else is kept in
/// <see cref="ReportObject.AdditionalProperties"/>.
/// </summary>
public sealed class RepositoryDayRecord : ReportObject, IReportRecord
{
    /// <summary>The day, when the row carries one.</summary>
    [JsonPropertyName("day")]
    public DateOnly? Day { get; init; }

    /// <summary>The repository id (<c>repo_id</c>).</summary>
    [JsonPropertyName("repo_id")]
    public long? RepositoryId { get; init; }

    /// <summary>The repository name (<c>repo_name</c>), usually <c>owner/name</c>.</summary>
    [JsonPropertyName("repo_name")]
    public string? RepositoryName { get; init; }

    /// <summary>The organization id, when present.</summary>
    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; init; }

    /// <summary>The enterprise id, when present.</summary>
    [JsonPropertyName("enterprise_id")]
    public string? EnterpriseId { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public ReadOnlyMemory<byte> RawJson { get; internal set; }
}
