using CopilotMetrics.Tests;
using System.Text;
using CopilotMetrics.Reports;
using CsCheck;
using static CopilotMetrics.Tests.TestFiles;

namespace CopilotMetrics.Core.Tests.Reports;

public sealed class ReportReaderTests
{
    private const string A = """{"day":"2026-06-01","user_id":1,"user_login":"a","code_generation_activity_count":10}""";
    private const string B = """{"day":"2026-06-01","user_id":2,"user_login":"b","code_generation_activity_count":20}""";
    private const string C = """{"day":"2026-06-02","user_id":3,"user_login":"c","code_generation_activity_count":30}""";

    private static readonly ReportReaderOptions Skip = new() { MalformedLines = MalformedLineHandling.Skip };

    private static async Task<List<long>> UserIds(string text, ReportReaderOptions? options = null, ReportReadStatistics? statistics = null) =>
        (await ToListAsync(ReportReader.ReadUsersAsync(Utf8(text), options, statistics))).Select(u => u.UserId).ToList();

    public static TheoryData<string, string> AcceptedShapes() => new()
    {
        { "LF", $"{A}\n{B}\n{C}\n" },
        { "CRLF", $"{A}\r\n{B}\r\n{C}\r\n" },
        { "no final newline", $"{A}\n{B}\n{C}" },
        { "blank and whitespace lines", $"\n{A}\n\n   \n{B}\r\n\t\r\n{C}\n\n" },
        { "byte order mark", $"\uFEFF{A}\n{B}\n{C}\n" },
        { "byte order mark and CRLF without final newline", $"\uFEFF{A}\r\n{B}\r\n{C}" },
        { "JSON array on one line", $"[{A},{B},{C}]" },
        { "pretty JSON array", $"\uFEFF[\r\n  {A},\r\n  {B.Replace(",", ",\n    ")},\n  {C}\n]\n" },
        { "pretty objects one after another", $"{A.Replace(",", ",\n  ")}\n{B}\n{C.Replace("{", "{\n ").Replace("}", "\n}")}\n" },
        { "leading spaces", $"  {A}\n\t{B}\n {C}" },
    };

    [Theory]
    [MemberData(nameof(AcceptedShapes))]
    public async Task Accepted_shapes_give_the_same_records(string shape, string text)
    {
        (long, string, DateOnly, long)[] expected = [(1, "a", new(2026, 6, 1), 10), (2, "b", new(2026, 6, 1), 20), (3, "c", new(2026, 6, 2), 30)];

        // The same three records whether malformed lines throw or are skipped: none of these shapes is malformed.
        foreach (var options in new[] { ReportReaderOptions.Default, Skip })
        {
            var statistics = new ReportReadStatistics();
            var records = await ToListAsync(ReportReader.ReadUsersAsync(Utf8(text), options, statistics));

            Assert.Equal(expected, records.Select(r => (r.UserId, r.UserLogin, r.Day, r.CodeGenerationActivityCount)));
            Assert.True(statistics.Records == 3 && statistics.SkippedLines == 0, $"{shape} ({options.MalformedLines}): {statistics.Records} records, {statistics.SkippedLines} skipped");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("\uFEFF")]
    [InlineData("  \r\n ")]
    [InlineData("[]")]
    public async Task Empty_files_are_zero_records(string text)
    {
        var statistics = new ReportReadStatistics();
        Assert.Empty(await UserIds(text, statistics: statistics));
        Assert.Equal(0, statistics.Records);
    }

    [Fact]
    public async Task A_single_pretty_printed_object_is_one_record()
    {
        var text = "{\n  \"day\": \"2026-06-01\",\n  \"user_id\": 7,\n  \"totals_by_ide\": [\n    { \"ide\": \"vscode\", \"loc_added_sum\": 3 }\n  ]\n}\n";
        var record = Assert.Single(await ToListAsync(ReportReader.ReadUsersAsync(Utf8(text))));
        Assert.Equal(7, record.UserId);
        Assert.Equal(3, record.TotalsByIde[0].LocAddedSum);
    }

    [Fact]
    public async Task Pretty_printed_28_day_wrapper_yields_each_day()
    {
        var text = """
            {
              "report_start_day": "2026-05-07",
              "report_end_day": "2026-06-03",
              "enterprise_id": "48213",
              "etl_id": "x-1",
              "day_totals": [
                { "day": "2026-05-07", "enterprise_id": "48213", "daily_active_users": 1 },
                { "day": "2026-05-08", "enterprise_id": "48213", "daily_active_users": 2 }
              ]
            }
            """;
        var days = await ToListAsync(ReportReader.ReadAggregateDaysAsync(Utf8(text)));
        Assert.Equal([(new DateOnly(2026, 5, 7), 1), (new DateOnly(2026, 5, 8), 2)], days.Select(d => (d.Day, d.DailyActiveUsers)));
    }

    [Fact]
    public async Task A_malformed_line_throws_with_its_line_number_offset_and_excerpt_after_the_good_records()
    {
        var text = $"{A}\n\n{{\"day\":\"2026-06-01\",\"user_id\":oops}}\n{C}\n";
        var seen = new List<long>();

        var error = await Assert.ThrowsAsync<ReportFormatException>(async () =>
        {
            await foreach (var record in ReportReader.ReadUsersAsync(Utf8(text)))
            {
                seen.Add(record.UserId);
            }
        });

        Assert.Equal([1L], seen);
        Assert.Equal(3, error.LineNumber);
        var lineStart = Encoding.UTF8.GetByteCount(A) + 2;
        Assert.InRange(error.ByteOffset, lineStart, lineStart + 40);
        Assert.StartsWith("{\"day\":\"2026-06-01\",\"user_id\":oops", error.Excerpt, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("MalformedLines", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadLines() => new()
    {
        { "broken JSON", "{\"day\":", "" },
        { "wrong type", """{"day":"2026-06-01","user_id":"12"}""", "user_id" },
        { "bad date", """{"day":"2026-02-30","user_id":12}""", "day" },
        { "missing required day", """{"user_id":12}""", "'day'" },
        { "missing required user id", """{"day":"2026-06-01"}""", "'user_id'" },
        { "two values on a line", $"{B} {B}", "after" },
        { "a number instead of an object", "42", "object" },
        { "a string instead of a breakdown array", """{"day":"2026-06-01","user_id":12,"totals_by_ide":"vscode"}""", "totals_by_ide" },
        { "a counter that overflows", """{"day":"2026-06-01","user_id":12,"loc_added_sum":99999999999999999999}""", "loc_added_sum" },
        { "invalid UTF-8", "{\"day\":\"2026-06-01\",\"user_id\":12,\"user_login\":\"\u00ff\"}", "" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task Bad_lines_are_skipped_and_counted_when_asked(string what, string badLine, string reasonMentions)
    {
        var statistics = new ReportReadStatistics { SourceName = "users-1.ndjson" };
        var text = $"{A}\n{badLine}\n{C}\n";
        byte[] bytes = what == "invalid UTF-8" ? [.. Encoding.UTF8.GetBytes($"{A}\n{{\"day\":\"2026-06-01\",\"user_id\":12,\"user_login\":\""), 0xFF, .. Encoding.UTF8.GetBytes($"\"}}\n{C}\n")] : Encoding.UTF8.GetBytes(text);

        var ids = (await ToListAsync(ReportReader.ReadUsersAsync(new MemoryStream(bytes), Skip, statistics))).Select(r => r.UserId);

        Assert.Equal([1L, 3L], ids);
        Assert.Equal(1, statistics.SkippedLines);
        var error = Assert.Single(statistics.SkippedLineErrors);
        Assert.Equal(2, error.LineNumber);
        Assert.Equal("users-1.ndjson", error.SourceName);
        Assert.Contains(reasonMentions, error.Reason, StringComparison.Ordinal);
        Assert.Equal(2, statistics.Records);
        Assert.Equal(3, statistics.Lines);

        var thrown = await Assert.ThrowsAsync<ReportFormatException>(() => ToListAsync(ReportReader.ReadUsersAsync(new MemoryStream(bytes))));
        Assert.Equal(2, thrown.LineNumber);
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_is_a_clear_error_not_unbounded_buffering()
    {
        var huge = "{\"day\":\"2026-06-01\",\"user_id\":9,\"user_login\":\"" + new string('x', 200_000) + "\"}";
        var options = new ReportReaderOptions { MaxRecordBytes = 4096, BufferSize = 1024 };
        var text = $"{A}\n{huge}\n{C}\n";

        var error = await Assert.ThrowsAsync<ReportFormatException>(() => ToListAsync(ReportReader.ReadUsersAsync(Utf8(text), options)));
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("MaxRecordBytes", error.Message, StringComparison.Ordinal);

        var statistics = new ReportReadStatistics();
        var skipping = new ReportReaderOptions { MaxRecordBytes = 4096, BufferSize = 1024, MalformedLines = MalformedLineHandling.Skip };
        Assert.Equal([1L, 3L], await UserIds(text, skipping, statistics));
        Assert.Equal(1, statistics.SkippedLines);
        Assert.Equal(3, statistics.Lines);
    }

    [Fact]
    public async Task A_truncated_last_line_is_an_error_never_a_silently_short_report()
    {
        var text = $"{A}\n{B}\n{C[..40]}";
        var error = await Assert.ThrowsAsync<ReportFormatException>(() => UserIds(text));
        Assert.Equal(3, error.LineNumber);
    }

    [Fact]
    public async Task A_truncated_json_array_fails_even_when_skipping_bad_lines()
    {
        var text = $"[\n{A},\n{B},\n{C[..40]}";
        var error = await Assert.ThrowsAsync<ReportFormatException>(() => UserIds(text, Skip));
        Assert.True(error.LineNumber >= 4, $"line {error.LineNumber}");
    }

    [Fact]
    public async Task A_truncated_line_followed_by_good_lines_skips_only_that_line()
    {
        var text = $"{A}\n{B[..30]}\n{C}\n";
        var statistics = new ReportReadStatistics();
        Assert.Equal([1L, 3L], await UserIds(text, Skip, statistics));
        Assert.Equal(2, Assert.Single(statistics.SkippedLineErrors).LineNumber);
    }

    [Fact]
    public async Task Unknown_fields_are_kept_and_survive_a_round_trip()
    {
        var line = """{"day":"2026-06-01","user_id":5,"brand_new":{"nested":[1,2,{"x":"y"}]},"etl_id":"e-9","totals_by_feature":[{"feature":"code_completion","loc_added_sum":4,"future_metric":17}],"ai_adoption_phase":{"phase_number":1,"phase":"Phase 1","version":"v2","criteria":"new"}}""";

        var record = Assert.Single(await ToListAsync(ReportReader.ReadUsersAsync(Utf8(line))));
        Assert.Equal("y", record.AdditionalProperties!["brand_new"].GetProperty("nested")[2].GetProperty("x").GetString());
        Assert.Equal("e-9", record.AdditionalProperties["etl_id"].GetString());
        Assert.Equal(17, record.TotalsByFeature[0].AdditionalProperties!["future_metric"].GetInt32());
        Assert.Equal("new", record.AiAdoptionPhase!.AdditionalProperties!["criteria"].GetString());

        var written = ReportJson.Serialize(record);
        Assert.Contains("\"brand_new\":{\"nested\":[1,2,{\"x\":\"y\"}]}", written, StringComparison.Ordinal);
        var again = Assert.Single(await ToListAsync(ReportReader.ReadUsersAsync(Utf8(written))));
        Assert.Equal(written, ReportJson.Serialize(again));
    }

    [Fact]
    public async Task Aggregate_unknown_fields_round_trip_through_the_serializer_path()
    {
        var line = """{"day":"2026-06-01","daily_active_users":3,"new_counter":5,"pull_requests":{"total_created":1,"copilot_suggestions_by_comment_type":[],"new_pr_metric":2}}""";
        var day = Assert.Single(await ToListAsync(ReportReader.ReadAggregateDaysAsync(Utf8(line))));
        Assert.Equal(5, day.AdditionalProperties!["new_counter"].GetInt32());
        Assert.Equal(2, day.PullRequests!.AdditionalProperties!["new_pr_metric"].GetInt32());
        Assert.Contains("\"new_pr_metric\":2", ReportJson.Serialize(day), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_json_is_the_exact_line_when_retained()
    {
        var options = new ReportReaderOptions { RetainRawJson = true };
        var records = await ToListAsync(ReportReader.ReadUsersAsync(Utf8($"{A}\r\n  {B}\n"), options));
        Assert.Equal([A, B], records.Select(r => Encoding.UTF8.GetString(r.RawJson.Span).TrimEnd('\r', ' ')));

        var withoutOption = await ToListAsync(ReportReader.ReadUsersAsync(Utf8(A)));
        Assert.True(withoutOption[0].RawJson.IsEmpty);
    }

    [Fact]
    public async Task Cancellation_is_honoured_between_records()
    {
        using var cts = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var record in ReportReader.ReadUsersAsync(Utf8($"{A}\n{B}\n{C}\n"), cancellationToken: cts.Token))
            {
                seen++;
                await cts.CancelAsync();
            }
        });
        Assert.Equal(1, seen);
    }

    [Fact]
    public async Task Statistics_add_up_over_several_files()
    {
        var statistics = new ReportReadStatistics();
        await UserIds($"{A}\n{B}\n", statistics: statistics);
        await UserIds($"{C}", statistics: statistics);

        Assert.Equal(3, statistics.Records);
        Assert.Equal(3, statistics.Lines);
        Assert.Equal(Encoding.UTF8.GetByteCount($"{A}\n{B}\n{C}"), statistics.BytesRead);
    }

    [Fact]
    public void Bad_options_are_rejected_before_reading()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportReader.ReadUsersAsync(Utf8(A), new ReportReaderOptions { MaxRecordBytes = 10 }));
        Assert.Throws<ArgumentNullException>(() => ReportReader.ReadUsersAsync(null!));
    }

    [Fact]
    public async Task One_byte_reads_give_the_same_records_as_one_big_read()
    {
        var bytes = WholeFile();
        var expected = await Serialized(new MemoryStream(bytes));

        var actual = await Serialized(new ChunkedStream(bytes, () => 1));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Any_chunking_and_buffer_size_gives_the_same_records()
    {
        var bytes = WholeFile();
        var expected = await Serialized(new MemoryStream(bytes));

        await Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 5000], Gen.Int[16, 3000]).SampleAsync(
            async (seed, maxChunk, bufferSize) =>
            {
                var random = new Random(seed);
                var stream = new ChunkedStream(bytes, () => random.Next(1, maxChunk + 1));
                var options = new ReportReaderOptions { BufferSize = bufferSize };
                Assert.Equal(expected, await Serialized(stream, options));
            },
            iter: 300);
    }

    private static byte[] WholeFile()
    {
        // Every fixture user line, a pretty object spanning lines, blank lines, CRLF, a BOM and no final newline.
        var users = File.ReadAllText(Fixture("users-1-day.example.ndjson")).Trim() + "\r\n\r\n"
            + File.ReadAllText(Fixture("users-28-day.example.ndjson")).Trim() + "\n"
            + A.Replace(",", ",\n  ") + "\n" + B + "\n" + C;
        return [.. "\uFEFF"u8, .. Encoding.UTF8.GetBytes(users)];
    }

    private static async Task<List<string>> Serialized(Stream stream, ReportReaderOptions? options = null) =>
        (await ToListAsync(ReportReader.ReadUsersAsync(stream, options))).Select(ReportJson.Serialize).ToList();
}
