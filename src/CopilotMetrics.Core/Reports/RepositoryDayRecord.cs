using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>
/// One repository's pull-request activity on one day: a line of a <c>repos-1-day</c> report. GitHub lists only the
/// repositories with activity that day.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="PullRequestReviewTimes"/> is <see langword="null"/> on rows without the field (every day before
/// 2026-09-21, which GitHub does not backfill): that is "not reported", never zero. An empty list means the field was
/// reported and no qualifying pull request merged that day.
/// </para>
/// <para>
/// Round trip: every property is written back only when the row had it (or set it), in this library's order (the order of
/// the properties the record had before 2026-07 is kept, so that the content hashes of stored rows stay the same).
/// </para>
/// </remarks>
public sealed class RepositoryDayRecord : ReportObject, IReportRecord
{
    /// <summary>The day, when the row carries one.</summary>
    [JsonPropertyName("day")]
    public DateOnly? Day { get; init; }

    /// <summary>The repository id (<c>repo_id</c>).</summary>
    [JsonPropertyName("repo_id")]
    public long? RepositoryId { get; init; }

    /// <summary>The login of the repository's owner (<c>repo_owner_name</c>), for example the organization.</summary>
    [JsonPropertyName("repo_owner_name")]
    public string? RepositoryOwnerName { get; init; }

    /// <summary>The repository's bare name (<c>repo_name</c>), without the owner: <c>api</c>, not <c>octo-org/api</c>.</summary>
    [JsonPropertyName("repo_name")]
    public string? RepositoryName { get; init; }

    /// <summary>The repository's visibility (<c>repo_visibility</c>): <c>PUBLIC</c>, <c>PRIVATE</c> or <c>INTERNAL</c>.</summary>
    [JsonPropertyName("repo_visibility")]
    public string? RepositoryVisibility { get; init; }

    /// <summary>The organization id (a string), when present.</summary>
    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; init; }

    /// <summary>The enterprise id (a string), when present.</summary>
    [JsonPropertyName("enterprise_id")]
    public string? EnterpriseId { get; init; }

    /// <summary>The repository's pull-request activity: the fields of the aggregate's <c>pull_requests</c> object.</summary>
    [JsonPropertyName("pull_requests")]
    public PullRequestTotals? PullRequests { get; init; }

    /// <summary>
    /// Review-stage durations of the merged pull requests (<c>pull_request_review_times</c>, from 2026-09-21); see the remarks
    /// for <see langword="null"/> against empty.
    /// </summary>
    [JsonPropertyName("pull_request_review_times")]
    public IReadOnlyList<PullRequestReviewTimes>? PullRequestReviewTimes { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public ReadOnlyMemory<byte> RawJson { get; internal set; }
}
