using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;
using static CopilotMetrics.Client.Tests.ClientHarness;
using static CopilotMetrics.Tests.TestFiles;

namespace CopilotMetrics.Client.Tests;

/// <summary>The client's instruments as an exporter sees them, and the resilience pipelines' log levels.</summary>
public sealed partial class TelemetryTests
{
    private static readonly DateOnly Day = new(2026, 6, 3);
    private static readonly MetricsScope Org = MetricsScope.Organization("octo");

    // The OpenTelemetry rules, written out here: lowercase dotted names, UCUM units (s, By) or {annotations}.
    [GeneratedRegex(@"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")]
    private static partial Regex OtelName();

    [GeneratedRegex(@"^(s|By|\{[a-z_]+\})$")]
    private static partial Regex OtelUnit();

    private static ClientHarness Serving(Action<ClientHarness>? onDownload = null, params HttpStatusCode[] firstAnswers)
    {
        var harness = new ClientHarness(o => o.MaxRetries = 2);
        var line = File.ReadAllText(Fixture("users-1-day.example.ndjson")).Trim() + "\n";
        harness.Api.When("*").Respond(_ => Json(Envelope("2026-06-03", Files + "users.ndjson?sig=x")));
        var answered = 0;
        harness.Downloads.When("*").Respond(_ =>
        {
            onDownload?.Invoke(harness);
            var status = answered < firstAnswers.Length ? firstAnswers[answered] : HttpStatusCode.OK;
            answered++;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(status == HttpStatusCode.OK ? line : "")) });
        });
        return harness;
    }

    [Fact]
    public void The_instruments_have_conventional_names_units_and_duration_buckets()
    {
        using var harness = new ClientHarness();
        var factory = harness.Provider.GetRequiredService<IMeterFactory>();
        var published = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == CopilotMetricsTelemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    published.Add(instrument);
                }
            },
        };
        listener.Start();

        // Written out by hand from the conventions (not read from ClientMetrics).
        var expected = new Dictionary<string, (string Unit, Type Type)>
        {
            ["copilot_metrics.github.requests"] = ("{request}", typeof(Counter<long>)),
            ["copilot_metrics.github.request.duration"] = ("s", typeof(Histogram<double>)),
            ["copilot_metrics.github.retries"] = ("{retry}", typeof(Counter<long>)),
            ["copilot_metrics.download.size"] = ("By", typeof(Counter<long>)),
            ["copilot_metrics.report.records"] = ("{record}", typeof(Counter<long>)),
            ["copilot_metrics.download.duration"] = ("s", typeof(Histogram<double>)),
        };
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), published.Select(i => i.Name).Order(StringComparer.Ordinal));
        foreach (var instrument in published)
        {
            Assert.Matches(OtelName(), instrument.Name);
            Assert.Matches(OtelUnit(), instrument.Unit);
            Assert.Equal(expected[instrument.Name].Unit, instrument.Unit);
            Assert.IsType(expected[instrument.Name].Type, instrument);
            Assert.False(string.IsNullOrWhiteSpace(instrument.Description));
        }

        // Duration histograms advise seconds-scale buckets that tell 10 ms from 10 s apart (the SDK's default
        // boundaries, 0 5 10 25 … 10000, are made for milliseconds: every download would land in the first bucket).
        foreach (var histogram in published.OfType<Histogram<double>>())
        {
            var boundaries = histogram.Advice?.HistogramBucketBoundaries;
            Assert.NotNull(boundaries);
            Assert.Equal(boundaries.Order(), boundaries);
            Assert.NotEqual(Bucket(boundaries, 0.010), Bucket(boundaries, 10.0));
            Assert.Contains(0.01, boundaries);
            Assert.Contains(10.0, boundaries);
        }
    }

    [Fact]
    public async Task A_50_ms_download_and_a_5_s_download_land_in_different_buckets()
    {
        var delays = new Queue<TimeSpan>([TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5)]);
        using var harness = Serving(h => h.Time.Advance(delays.Dequeue()));
        using var durations = new MetricCollector<double>(harness.Provider.GetRequiredService<IMeterFactory>(), CopilotMetricsTelemetry.MeterName, "copilot_metrics.download.duration");

        Assert.Single(await ToListAsync(harness.Client.ReadUsersAsync(Org, Day)));
        Assert.Single(await ToListAsync(harness.Client.ReadUsersAsync(Org, Day)));

        var values = durations.GetMeasurementSnapshot().Select(m => m.Value).ToArray();
        Assert.Equal([0.05, 5.0], values, (a, b) => Math.Abs(a - b) < 1e-9); // seconds, not milliseconds
        var instrument = Assert.IsType<Histogram<double>>(durations.Instrument);
        var boundaries = instrument.Advice!.HistogramBucketBoundaries!;
        Assert.NotEqual(Bucket(boundaries, values[0]), Bucket(boundaries, values[1]));
        Assert.Equal("Users1Day", durations.LastMeasurement!.Tags["copilot_metrics.report"]);
    }

    [Fact]
    public async Task Successful_attempts_are_logged_at_debug_and_a_retried_one_at_warning()
    {
        using var harness = Serving(firstAnswers: HttpStatusCode.ServiceUnavailable);

        var read = ToListAsync(harness.Client.ReadUsersAsync(Org, Day));
        await harness.AdvanceUntilDone(read, TimeSpan.FromMinutes(1));
        Assert.Single(await read);

        var polly = harness.Logs.GetSnapshot().Where(r => r.Category == "Polly").ToList();
        var attempts = polly.Where(r => r.Message.StartsWith("Execution attempt", StringComparison.Ordinal)).ToList();
        // The API request (one attempt) and the download (a 503, then a 200).
        Assert.Equal(3, attempts.Count);
        Assert.Single(attempts, r => r.Level == LogLevel.Warning && r.Message.Contains("Result: '503'", StringComparison.Ordinal));
        Assert.Equal(2, attempts.Count(r => r.Level == LogLevel.Debug && r.Message.Contains("Result: '200'", StringComparison.Ordinal)));
        Assert.DoesNotContain(polly, r => r.Level == LogLevel.Information);
    }

    /// <summary>The explicit-bucket index OpenTelemetry puts a value in: buckets are (previous bound, bound].</summary>
    private static int Bucket(IReadOnlyList<double> boundaries, double value)
    {
        for (var i = 0; i < boundaries.Count; i++)
        {
            if (value <= boundaries[i])
            {
                return i;
            }
        }

        return boundaries.Count;
    }
}
