using System.Text.Json.Serialization;
using CopilotMetrics.Billing;
using CopilotMetrics.Seats;

namespace CopilotMetrics.Http;

internal sealed class ReportEnvelope
{
    [JsonPropertyName("download_links")]
    public List<string>? DownloadLinks { get; set; }

    [JsonPropertyName("report_day")]
    public DateOnly? ReportDay { get; set; }

    [JsonPropertyName("report_start_day")]
    public DateOnly? ReportStartDay { get; set; }

    [JsonPropertyName("report_end_day")]
    public DateOnly? ReportEndDay { get; set; }
}

internal sealed class GitHubError
{
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("documentation_url")]
    public string? DocumentationUrl { get; set; }
}

internal sealed class SeatsPage
{
    [JsonPropertyName("total_seats")]
    public int TotalSeats { get; set; }

    [JsonPropertyName("seats")]
    public List<CopilotSeat>? Seats { get; set; }
}

internal sealed class InstallationInfo
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("account")]
    public InstallationAccount? Account { get; set; }

    [JsonPropertyName("target_type")]
    public string? TargetType { get; set; }
}

internal sealed class InstallationAccount
{
    [JsonPropertyName("login")]
    public string? Login { get; set; }

    [JsonPropertyName("slug")]
    public string? Slug { get; set; }
}

internal sealed class InstallationToken
{
    [JsonPropertyName("token")]
    public string? Token { get; set; }

    [JsonPropertyName("expires_at")]
    public DateTimeOffset ExpiresAt { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReportEnvelope))]
[JsonSerializable(typeof(GitHubError))]
[JsonSerializable(typeof(SeatsPage))]
[JsonSerializable(typeof(CopilotSeat))]
[JsonSerializable(typeof(AiCreditUsageReport))]
[JsonSerializable(typeof(CopilotBilling))]
[JsonSerializable(typeof(InstallationInfo))]
[JsonSerializable(typeof(List<InstallationInfo>))]
[JsonSerializable(typeof(InstallationToken))]
[JsonSerializable(typeof(string))]
internal sealed partial class ClientJsonContext : JsonSerializerContext
{
}
