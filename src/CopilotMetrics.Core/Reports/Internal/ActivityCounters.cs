using System.Text.Json;

namespace CopilotMetrics.Reports.Internal;

/// <summary>The seven activity counters, as one value so that parsers read and copy them in one place.</summary>
internal struct ActivityCounters
{
    public long UserInitiated;
    public long Generated;
    public long Accepted;
    public long LocSuggestedToAdd;
    public long LocSuggestedToDelete;
    public long LocAdded;
    public long LocDeleted;

    /// <summary>Reads the value if <paramref name="name"/> is one of the counters.</summary>
    public bool TryRead(scoped ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
    {
        // Dispatch on the length first: this runs for every property of every record and breakdown row.
        switch (name.Length)
        {
            case 30 when name.SequenceEqual("code_generation_activity_count"u8):
                Generated = JsonRead.Count(ref reader, name);
                return true;
            case 30 when name.SequenceEqual("code_acceptance_activity_count"u8):
                Accepted = JsonRead.Count(ref reader, name);
                return true;
            case 24 when name.SequenceEqual("loc_suggested_to_add_sum"u8):
                LocSuggestedToAdd = JsonRead.Count(ref reader, name);
                return true;
            case 27 when name.SequenceEqual("loc_suggested_to_delete_sum"u8):
                LocSuggestedToDelete = JsonRead.Count(ref reader, name);
                return true;
            case 13 when name.SequenceEqual("loc_added_sum"u8):
                LocAdded = JsonRead.Count(ref reader, name);
                return true;
            case 15 when name.SequenceEqual("loc_deleted_sum"u8):
                LocDeleted = JsonRead.Count(ref reader, name);
                return true;
            case 32 when name.SequenceEqual("user_initiated_interaction_count"u8):
                UserInitiated = JsonRead.Count(ref reader, name);
                return true;
            default:
                return false;
        }
    }
}
