using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CopilotMetrics.Testing.Simulation;

/// <summary>A tiny SplitMix64 generator: the same values on every runtime and in every process.</summary>
internal struct Mixer
{
    private ulong _state;

    public Mixer(params ReadOnlySpan<ulong> seed)
    {
        var h = 0x5EED_C0DE_0BADF00DUL;
        foreach (var part in seed)
        {
            h = Mix(h ^ Mix(part + 0x9E3779B97F4A7C15UL));
        }

        _state = h;
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A stable 64-bit hash of a string (FNV-1a, then mixed).</summary>
    public static ulong Hash(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text)
        {
            h = (h ^ char.ToUpperInvariant(c)) * 1099511628211UL;
        }

        return Mix(h);
    }

    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    public int Next(int maxExclusive) => (int)(((Next() >> 32) * (ulong)maxExclusive) >> 32);

    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;
}

/// <summary>Late corrections: a revision of a day multiplies its activity counters, so every sum stays consistent.</summary>
internal static class Corrections
{
    private static readonly HashSet<string> Scaled = new(StringComparer.Ordinal)
    {
        "user_initiated_interaction_count",
        "code_generation_activity_count",
        "code_acceptance_activity_count",
        "loc_suggested_to_add_sum",
        "loc_suggested_to_delete_sum",
        "loc_added_sum",
        "loc_deleted_sum",
        "total_copilot_suggestions",
        "total_copilot_applied_suggestions",
    };

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The factor of a revision: revision 0 is the original data, revision r multiplies by r + 1.</summary>
    public static long Factor(int revision) => revision + 1L;

    /// <summary>Rewrites every line of an NDJSON file with its counters scaled.</summary>
    public static byte[] ScaleLines(DayFile file, int revision)
    {
        if (revision == 0)
        {
            return file.Bytes;
        }

        var output = new ArrayBufferWriter<byte>(file.Bytes.Length + (file.Bytes.Length / 8));
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        for (var i = 0; i < file.Lines; i++)
        {
            var line = file.Line(i).Span.TrimEnd("\r\n"u8);
            if (line.IsEmpty)
            {
                continue;
            }

            WriteScaled(writer, line, revision);
            writer.Flush();
            writer.Reset();
            output.Write("\n"u8);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>One JSON value with its counters scaled.</summary>
    public static byte[] Scale(ReadOnlySpan<byte> json, int revision)
    {
        var output = new ArrayBufferWriter<byte>(json.Length + 64);
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            WriteScaled(writer, json, revision);
        }

        return output.WrittenSpan.ToArray();
    }

    private static void WriteScaled(Utf8JsonWriter writer, ReadOnlySpan<byte> json, int revision)
    {
        var node = JsonNode.Parse(json) ?? throw new InvalidOperationException("A generated line is null.");
        ScaleNode(node, Factor(revision));
        node.WriteTo(writer);
    }

    private static void ScaleNode(JsonNode node, long factor)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToArray())
                {
                    var child = obj[name];
                    if (child is JsonValue value && Scaled.Contains(name) && value.TryGetValue<long>(out var number))
                    {
                        obj[name] = number * factor;
                    }
                    else if (child is not null)
                    {
                        ScaleNode(child, factor);
                    }
                }

                break;

            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        ScaleNode(item, factor);
                    }
                }

                break;
        }
    }
}

/// <summary>Byte helpers for the 28-day user report.</summary>
internal static class WindowLines
{
    /// <summary>The bytes inserted after each line's <c>{</c>: the window's first and last day.</summary>
    public static byte[] Prefix(DateOnly start, DateOnly end) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"report_start_day\":\"{start:yyyy-MM-dd}\",\"report_end_day\":\"{end:yyyy-MM-dd}\","));
}
