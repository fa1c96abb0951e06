using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CopilotMetrics.Storage.Postgres.Internal;

/// <summary>Identifier validation and quoting, and the keys of the advisory locks.</summary>
internal static partial class Sql
{
    /// <summary>Whether <paramref name="name"/> is a schema name the store accepts: lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 characters.</summary>
    public static bool IsValidSchemaName(string? name) => name is not null && SchemaNameRegex().IsMatch(name);

    /// <summary>The schema name, validated and double-quoted.</summary>
    public static string QuoteSchema(string name)
    {
        if (!IsValidSchemaName(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid schema name: use 1-63 lower-case letters, digits and underscores, starting with a letter or underscore.",
                nameof(name));
        }

        return "\"" + name + "\"";
    }

    /// <summary>A stable 64-bit advisory lock key for a purpose within a schema (the same in every process).</summary>
    public static long LockKey(string schema, string purpose, long a = 0, long b = 0, long c = 0)
    {
        Span<byte> buffer = stackalloc byte[256];
        var text = Encoding.UTF8.GetBytes($"copilot-metrics/{schema}/{purpose}");
        var length = Math.Min(text.Length, 256 - 24);
        text.AsSpan(0, length).CopyTo(buffer);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[length..], a);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[(length + 8)..], b);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[(length + 16)..], c);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer[..(length + 24)], hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaNameRegex();
}
