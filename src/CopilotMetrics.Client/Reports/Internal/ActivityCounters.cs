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
        // Every counter name ends in "_count" or "_sum"; anything shorter than the shortest cannot match.
        if (name.Length < 13)
        {
            return false;
        }

        if (name.SequenceEqual("code_generation_activity_count"u8))
        {
            Generated = JsonRead.Int64(ref reader, name);
        }
        else if (name.SequenceEqual("code_acceptance_activity_count"u8))
        {
            Accepted = JsonRead.Int64(ref reader, name);
        }
        else if (name.SequenceEqual("loc_suggested_to_add_sum"u8))
        {
            LocSuggestedToAdd = JsonRead.Int64(ref reader, name);
        }
        else if (name.SequenceEqual("loc_suggested_to_delete_sum"u8))
        {
            LocSuggestedToDelete = JsonRead.Int64(ref reader, name);
        }
        else if (name.SequenceEqual("loc_added_sum"u8))
        {
            LocAdded = JsonRead.Int64(ref reader, name);
        }
        else if (name.SequenceEqual("loc_deleted_sum"u8))
        {
            LocDeleted = JsonRead.Int64(ref reader, name);
        }
        else if (name.SequenceEqual("user_initiated_interaction_count"u8))
        {
            UserInitiated = JsonRead.Int64(ref reader, name);
        }
        else
        {
            return false;
        }

        return true;
    }
}
