using System.Text.Json;
using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>
/// Base of every object in a Copilot usage metrics report. GitHub adds fields without a version bump:
/// properties this version of the library does not know are kept in <see cref="AdditionalProperties"/>
/// and written back when the object is serialized, so nothing is lost.
/// </summary>
public abstract class ReportObject
{
    private protected ReportObject()
    {
    }

    /// <summary>Properties of the JSON object that this library does not model, keyed by name; <see langword="null"/> when there were none.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
