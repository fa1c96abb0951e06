using System.Text;

namespace CopilotMetrics.Storage.Sqlite.Internal;

/// <summary>One per-user row as the queries need it.</summary>
internal readonly record struct UserFact(long UserId, int Ordinal, string Login, ActivityCounts Activity, double? AiCreditsUsed);

/// <summary>
/// The compact form of a stored per-user day (<c>user_day_facts</c>): rows in user-id order, each its ordinal, its user
/// id (as the difference to the previous row's), its seven counters and its credits, as variable-length integers; the
/// logins in a second blob, in the same order, so that a query that ranks users reads them only for the rows it shows.
/// </summary>
internal static class UserFactsBlob
{
    public static (byte[] Facts, byte[] Logins) Encode(IReadOnlyList<UserFact> rows)
    {
        var facts = new BlobWriter(rows.Count * 20);
        var logins = new BlobWriter(rows.Count * 12);
        long previous = 0;
        foreach (var row in rows)
        {
            facts.WriteUnsigned((ulong)row.Ordinal);
            facts.WriteSigned(row.UserId - previous);
            previous = row.UserId;
            var a = row.Activity;
            facts.WriteSigned(a.UserInitiatedInteractions);
            facts.WriteSigned(a.CodeGenerations);
            facts.WriteSigned(a.CodeAcceptances);
            facts.WriteSigned(a.LocSuggestedToAdd);
            facts.WriteSigned(a.LocSuggestedToDelete);
            facts.WriteSigned(a.LocAdded);
            facts.WriteSigned(a.LocDeleted);
            if (row.AiCreditsUsed is { } credits)
            {
                facts.WriteByte(1);
                facts.WriteDouble(credits);
            }
            else
            {
                facts.WriteByte(0);
            }

            var bytes = Encoding.UTF8.GetBytes(row.Login);
            logins.WriteUnsigned((ulong)bytes.Length);
            logins.WriteBytes(bytes);
        }

        return (facts.ToArray(), logins.ToArray());
    }

    /// <summary>Reads one row of the facts blob; <paramref name="previous"/> carries the last user id.</summary>
    public static void Read(ref BlobReader reader, ref long previous, out int ordinal, out long userId, out ActivityCounts activity, out double? credits)
    {
        ordinal = checked((int)reader.ReadUnsigned());
        userId = previous + reader.ReadSigned();
        previous = userId;
        activity = new ActivityCounts(reader.ReadSigned(), reader.ReadSigned(), reader.ReadSigned(), reader.ReadSigned(), reader.ReadSigned(), reader.ReadSigned(), reader.ReadSigned());
        credits = reader.ReadByte() == 0 ? null : reader.ReadDouble();
    }

    /// <summary>Every row's ordinal and counters.</summary>
    public static List<(int Ordinal, ActivityCounts Activity)> ReadActivity(ReadOnlySpan<byte> facts)
    {
        var result = new List<(int, ActivityCounts)>();
        var reader = new BlobReader(facts);
        long previous = 0;
        while (!reader.End)
        {
            Read(ref reader, ref previous, out var ordinal, out _, out var activity, out _);
            result.Add((ordinal, activity));
        }

        return result;
    }

    /// <summary>The logins of the rows, in row order.</summary>
    public static string[] ReadLogins(ReadOnlySpan<byte> logins, int rows)
    {
        var result = new string[rows];
        var reader = new BlobReader(logins);
        for (var i = 0; i < rows; i++)
        {
            var length = checked((int)reader.ReadUnsigned());
            result[i] = Encoding.UTF8.GetString(reader.Slice(length));
        }

        return result;
    }
}
