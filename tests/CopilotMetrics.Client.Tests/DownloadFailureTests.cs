using System.IO.Compression;
using System.Net;
using System.Text;
using RichardSzalay.MockHttp;
using static CopilotMetrics.Client.Tests.ClientHarness;
using static CopilotMetrics.Client.Tests.DownloadFiles;
using static CopilotMetrics.Tests.TestFiles;

namespace CopilotMetrics.Client.Tests;

/// <summary>
/// Bad links and bad downloads through the public API: a link that is not https is refused when the envelope is read, and
/// every way a download can fail reaches the caller as <see cref="ReportDownloadException"/>, never as a framework type.
/// </summary>
public sealed class DownloadFailureTests
{
    private const string Link = Files + "users.ndjson?sig=s3cret";
    private const string Location = "https://files.example.net/users.ndjson";
    private static readonly DateOnly Day = new(2026, 6, 3);
    private static readonly MetricsScope Org = MetricsScope.Organization("octo");
    private static readonly byte[] Users = Encoding.UTF8.GetBytes(File.ReadAllText(Fixture("users-1-day.example.ndjson")).Trim() + "\n");

    [Theory]
    [InlineData("/reports/users.ndjson?sig=s3cret", "/reports/users.ndjson")] // an absolute file path on Unix: file:///reports/…, "loopback"
    [InlineData("reports/users.ndjson?sig=s3cret", "reports/users.ndjson")]
    [InlineData("file:///etc/users.ndjson?sig=s3cret", "file:///etc/users.ndjson")]
    [InlineData("//files.example.net/users.ndjson?sig=s3cret", "//files.example.net/users.ndjson")] // a UNC path
    [InlineData("ftp://127.0.0.1/users.ndjson?sig=s3cret", "ftp://127.0.0.1/users.ndjson")] // loopback, but not http
    [InlineData("http://files.example.net/users.ndjson?sig=s3cret", "http://files.example.net/users.ndjson")]
    [InlineData("", "(empty)")]
    public async Task A_link_that_is_not_absolute_https_is_refused_with_the_envelope(string link, string redacted)
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json($$"""{"download_links":["{{Files}}a.ndjson",{{System.Text.Json.JsonSerializer.Serialize(link)}}],"report_day":"2026-06-03"}"""));

        var error = await Assert.ThrowsAsync<CopilotMetricsException>(() => harness.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day));

        Assert.IsNotType<ReportDownloadException>(error);
        Assert.Contains("users-1-day", error.Message, StringComparison.Ordinal);
        Assert.Contains("org:octo", error.Message, StringComparison.Ordinal);
        Assert.Contains($"({redacted})", error.Message, StringComparison.Ordinal);
        Assert.Contains("link 2 of 2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.DownloadRequests);
    }

    [Fact]
    public async Task A_null_link_is_refused_with_the_envelope()
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json("""{"download_links":[null],"report_day":"2026-06-03"}"""));

        var error = await Assert.ThrowsAsync<CopilotMetricsException>(() => harness.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day));

        Assert.Contains("(null)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/users.ndjson?sig=x")]
    [InlineData("http://[::1]/users.ndjson?sig=x")]
    [InlineData("https://files.example.net/users.ndjson?sig=x")]
    [InlineData("HTTPS://Files.Example.NET/users.ndjson?sig=x")]
    public async Task Https_links_and_http_on_a_loopback_host_are_accepted(string link)
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json(Envelope("2026-06-03", link)));

        var links = await harness.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day);

        Assert.Equal(new Uri(link), Assert.Single(links!.DownloadLinks));
    }

    [Theory]
    [InlineData("zstd")]
    [InlineData("br")] // never asked for (Accept-Encoding: gzip, deflate)
    [InlineData("compress")]
    [InlineData("gzip, zstd")]
    public async Task A_content_encoding_the_client_does_not_support_is_a_download_error(string encoding)
    {
        using var harness = Serving(() =>
        {
            var content = new ByteArrayContent(Users);
            foreach (var e in encoding.Split(", "))
            {
                content.Headers.ContentEncoding.Add(e);
            }

            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });

        var error = await Assert.ThrowsAsync<ReportDownloadException>(() => ToListAsync(harness.Client.ReadUsersAsync(Org, Day)));

        Assert.Contains(encoding, error.Message, StringComparison.Ordinal);
        Assert.Equal(Location, error.Location);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.False(error.IsTruncated);
    }

    [Fact]
    public async Task Identity_and_deflate_encodings_are_read()
    {
        using var identity = Serving(() => Encoded(Users, "identity"));
        using var deflate = Serving(() => Encoded(Compress(Users, s => new ZLibStream(s, CompressionLevel.Optimal, leaveOpen: true)), "deflate"));

        Assert.Equal(5820417, Assert.Single(await ToListAsync(identity.Client.ReadUsersAsync(Org, Day))).UserId);
        Assert.Equal(5820417, Assert.Single(await ToListAsync(deflate.Client.ReadUsersAsync(Org, Day))).UserId);
    }

    [Theory]
    [InlineData(4)] // the Adler-32 trailer only: .NET's ZLibStream returns every byte and no error
    [InlineData(40)]
    public async Task A_deflate_body_that_ends_early_is_truncated(int cut)
    {
        var data = UsersFile(50);
        var zlib = Compress(data, s => new ZLibStream(s, CompressionLevel.Optimal, leaveOpen: true));
        using var harness = Serving(() => Encoded(zlib[..^cut], "deflate"));

        var error = await Assert.ThrowsAsync<ReportDownloadException>(() => ReadAllAsync(harness));

        Assert.True(error.IsTruncated);
        Assert.Equal(Location, error.Location);
    }

    [Theory]
    [InlineData("deflate")]
    [InlineData("gzip")]
    public async Task A_body_that_is_not_in_its_encoding_is_a_download_error(string encoding)
    {
        using var harness = Serving(() => Encoded(Users, encoding)); // plain NDJSON labelled compressed

        var error = await Assert.ThrowsAsync<ReportDownloadException>(() => ReadAllAsync(harness));

        Assert.Equal(Location, error.Location);
        Assert.IsType<InvalidDataException>(error.InnerException);
    }

    [Theory]
    [InlineData(3)] // inside the gzip header
    [InlineData(20)] // inside the deflate data
    public async Task A_gzip_body_that_ends_early_with_a_matching_content_length_is_truncated(int keep)
    {
        var gzip = Compress(UsersFile(50), s => new GZipStream(s, CompressionLevel.Optimal, leaveOpen: true));
        using var harness = Serving(() => Encoded(gzip[..keep], "gzip")); // Content-Length says keep bytes: the host sent what it had

        var error = await Assert.ThrowsAsync<ReportDownloadException>(() => ReadAllAsync(harness));

        Assert.True(error.IsTruncated);
    }

    [Fact]
    public async Task An_empty_gzip_body_is_truncated()
    {
        using var harness = Serving(() => Encoded([], "gzip"));

        var error = await Assert.ThrowsAsync<ReportDownloadException>(() => ReadAllAsync(harness));

        Assert.True(error.IsTruncated);
    }

    [Theory]
    [InlineData("http://files.example.net/users.ndjson?sig=other", "http://files.example.net/users.ndjson")]
    [InlineData("ftp://files.example.net/users.ndjson?sig=other", "ftp://files.example.net/users.ndjson")]
    public async Task A_redirect_to_another_scheme_is_a_download_error(string target, string redacted)
    {
        using var harness = Serving(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Redirect);
            response.Headers.Location = new Uri(target);
            return response;
        });

        var error = await Assert.ThrowsAsync<ReportDownloadException>(() => ToListAsync(harness.Client.ReadUsersAsync(Org, Day)));

        Assert.Equal(HttpStatusCode.Redirect, error.StatusCode);
        Assert.Equal(Location, error.Location);
        Assert.Contains(redacted, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", error.Message, StringComparison.Ordinal);
        Assert.Single(harness.DownloadRequests); // not retried, not followed
    }

    [Fact]
    public async Task A_response_that_came_from_another_scheme_is_a_download_error()
    {
        // A primary handler of the caller's that followed a redirect to http: the body came over clear text.
        using var harness = new ClientHarness(o => o.MaxRetries = 0, downloadHandler: inner => new FollowedTo(new Uri("http://mirror.example.net/users.ndjson?sig=other"), inner));
        harness.Api.When("*").Respond(_ => Json(Envelope("2026-06-03", Link)));
        harness.Downloads.When("*").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Users) });

        var error = await Assert.ThrowsAsync<ReportDownloadException>(() => ToListAsync(harness.Client.ReadUsersAsync(Org, Day)));

        Assert.Contains("http://mirror.example.net/users.ndjson", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", error.Message, StringComparison.Ordinal);
        Assert.Equal(Location, error.Location);
    }

    public static TheoryData<string> HandlerFailures() => ["NotSupported", "InvalidOperation", "UriFormat", "IO", "ObjectDisposed", "TaskCanceled"];

    [Theory]
    [MemberData(nameof(HandlerFailures))]
    public async Task A_handler_that_throws_a_framework_exception_is_a_download_error(string kind)
    {
        var thrown = Failure(kind);
        using var harness = new ClientHarness(o => o.MaxRetries = 0);
        harness.Api.When("*").Respond(_ => Json(Envelope("2026-06-03", Link)));
        harness.Downloads.When("*").Throw(thrown);

        var error = await Assert.ThrowsAsync<ReportDownloadException>(() => ToListAsync(harness.Client.ReadUsersAsync(Org, Day)));

        Assert.Same(thrown, error.InnerException);
        Assert.Equal(Location, error.Location);
        Assert.Null(error.StatusCode);
        Assert.False(error.IsTruncated);
    }

    [Theory]
    [MemberData(nameof(HandlerFailures))]
    public async Task A_body_that_fails_to_open_is_a_download_error(string kind)
    {
        var thrown = Failure(kind);
        using var harness = Serving(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new FailingContent(thrown) });

        var error = await Assert.ThrowsAsync<ReportDownloadException>(() => harness.Client.OpenReportFileAsync(LinksOf(harness), 0));

        Assert.Same(thrown, error.InnerException);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
    }

    [Theory]
    [MemberData(nameof(HandlerFailures))]
    public async Task A_body_that_fails_mid_read_is_truncated(string kind)
    {
        var thrown = Failure(kind);
        var data = UsersFile(20);
        using var harness = Serving(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new FailingStream(data, data.Length / 2, thrown)) });

        var error = await Assert.ThrowsAsync<ReportDownloadException>(() => ToListAsync(harness.Client.ReadUsersAsync(Org, Day)));

        Assert.True(error.IsTruncated);
        Assert.Same(thrown, error.InnerException);
    }

    [Fact]
    public async Task A_cancelled_read_is_a_cancellation_not_a_download_error()
    {
        using var cancel = new CancellationTokenSource();
        var data = UsersFile(20);
        using var harness = Serving(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new FailingStream(data, data.Length / 2, null, cancel)) });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ToListAsync(harness.Client.ReadUsersAsync(Org, Day, cancellationToken: cancel.Token)));
    }

    private static Exception Failure(string kind) => kind switch
    {
        "NotSupported" => new NotSupportedException("The 'file' scheme is not supported."),
        "InvalidOperation" => new InvalidOperationException("The request message was already sent."),
        "UriFormat" => new UriFormatException("Invalid URI."),
        "IO" => new IOException("Unable to read data from the transport connection."),
        "ObjectDisposed" => new ObjectDisposedException("System.Net.Http.HttpConnection"),
        _ => new TaskCanceledException("The operation was canceled (not by the caller)."),
    };

    private static ClientHarness Serving(Func<HttpResponseMessage> file)
    {
        var harness = new ClientHarness(o => o.MaxRetries = 0);
        harness.Api.When("*").Respond(_ => Json(Envelope("2026-06-03", Link)));
        harness.Downloads.When("*").Respond(_ => file());
        return harness;
    }

    private static ReportLinks LinksOf(ClientHarness harness) =>
        harness.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day).GetAwaiter().GetResult()!;

    /// <summary>The raw file of the report, decompressed, read to its end.</summary>
    private static async Task ReadAllAsync(ClientHarness harness)
    {
        var links = await harness.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day);
        await using var stream = await harness.Client.OpenReportFileAsync(links!, 0);
        await stream.CopyToAsync(Stream.Null);
    }

    private static HttpResponseMessage Encoded(byte[] body, string encoding)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentEncoding.Add(encoding);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    /// <summary>Answers as a handler that followed a redirect to <paramref name="finalUri"/> would: the response's request is the last one sent.</summary>
    private sealed class FollowedTo(Uri finalUri, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            response.RequestMessage = new HttpRequestMessage(HttpMethod.Get, finalUri);
            return response;
        }
    }

    /// <summary>Content whose body stream cannot be opened.</summary>
    private sealed class FailingContent(Exception failure) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => Task.FromException(failure);

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromException<Stream>(failure);

        protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => Task.FromException<Stream>(failure);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
