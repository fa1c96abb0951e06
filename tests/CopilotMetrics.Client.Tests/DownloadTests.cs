using System.Net;
using System.Text;
using CopilotMetrics.Reports;
using RichardSzalay.MockHttp;
using static CopilotMetrics.Client.Tests.ClientHarness;
using static CopilotMetrics.Client.Tests.DownloadFiles;
using static CopilotMetrics.Tests.TestFiles;

namespace CopilotMetrics.Client.Tests;

public sealed class DownloadTests
{
    private static readonly DateOnly Day = new(2026, 6, 3);
    private static readonly MetricsScope Org = MetricsScope.Organization("octo");

    private static ClientHarness Serving(Func<HttpResponseMessage> file)
    {
        var harness = new ClientHarness(o => o.MaxRetries = 1);
        harness.Api.When("*").Respond(_ => Json(Envelope("2026-06-03", Files + "users.ndjson?sig=x")));
        harness.Downloads.When("*").Respond(_ => file());
        return harness;
    }

    [Fact]
    public async Task A_gzip_encoded_file_is_decompressed()
    {
        var data = UsersFile(50);
        using var harness = Serving(() =>
        {
            var content = new ByteArrayContent(Gzip(data));
            content.Headers.ContentEncoding.Add("gzip");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });

        var records = await ToListAsync(harness.Client.ReadUsersAsync(Org, Day));

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), records.Select(r => r.UserId));
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_truncated_not_short()
    {
        var data = UsersFile(20);
        using var harness = Serving(() =>
        {
            // Cut exactly at a line end: the parser alone would not notice.
            var cut = Array.LastIndexOf(data, (byte)'\n', data.Length / 2) + 1;
            var content = new ByteArrayContent(data[..cut]);
            content.Headers.ContentLength = data.Length;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });

        var error = await Assert.ThrowsAsync<ReportDownloadException>(() => ToListAsync(harness.Client.ReadUsersAsync(Org, Day)));

        Assert.True(error.IsTruncated);
        Assert.Equal("https://files.example.net/users.ndjson", error.Location);
        Assert.DoesNotContain("sig=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cut_gzip_stream_is_truncated_even_without_a_content_length()
    {
        var gzip = Gzip(UsersFile(200));
        using var harness = Serving(() =>
        {
            var content = new StreamContent(new MemoryStream(gzip[..(gzip.Length - 6)]));
            content.Headers.ContentEncoding.Add("gzip");
            content.Headers.ContentLength = null;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });

        var error = await Assert.ThrowsAsync<ReportDownloadException>(() => ToListAsync(harness.Client.ReadUsersAsync(Org, Day)));
        Assert.True(error.IsTruncated);
    }

    [Fact]
    public async Task A_dropped_connection_mid_body_is_a_download_error()
    {
        var data = UsersFile(20);
        var breakAt = data.Length / 3;
        using var harness = Serving(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new FailingStream(data, breakAt, new IOException("The response ended prematurely."))) });
        var seen = 0;

        var error = await Assert.ThrowsAsync<ReportDownloadException>(async () =>
        {
            await foreach (var record in harness.Client.ReadUsersAsync(Org, Day))
            {
                seen++;
            }
        });

        Assert.True(error.IsTruncated);
        // The records are streamed: every whole line before the break arrives, the cut one and the rest do not.
        var wholeLines = data.AsSpan(0, breakAt).Count((byte)'\n');
        Assert.InRange(wholeLines, 1, 19);
        Assert.Equal(wholeLines, seen);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Fact]
    public async Task A_malformed_line_in_a_downloaded_file_names_the_file_and_line()
    {
        var data = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(UsersFile(3)).Replace("\"user_id\":2,", "\"user_id\":,", StringComparison.Ordinal));
        using var harness = Serving(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(data) });

        var error = await Assert.ThrowsAsync<ReportFormatException>(() => ToListAsync(harness.Client.ReadUsersAsync(Org, Day)));

        Assert.Equal(2, error.LineNumber);
        Assert.Contains("file 1 of 1 (https://files.example.net/users.ndjson)", error.SourceName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenReportFileAsync_gives_the_raw_file_for_keeping()
    {
        var data = UsersFile(3);
        using var harness = Serving(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(data) });
        var links = await harness.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day);

        await using var stream = await harness.Client.OpenReportFileAsync(links!, 0);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(data, copy.ToArray());
    }
}
