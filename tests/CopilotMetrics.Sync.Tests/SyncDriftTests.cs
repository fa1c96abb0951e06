using System.Diagnostics.Metrics;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using CopilotMetrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static CopilotMetrics.Sync.Tests.SyncHarness;

namespace CopilotMetrics.Sync.Tests;

public sealed class SyncDriftTests
{
    private const string Top = "totals_by_x";
    private const string Nested = "totals_by_ide[].new_field";

    private static SyncHarness NewHarness() => new(extra: b =>
    {
        b.Services.AddMetrics();
        b.Services.AddLogging(l => l.AddFakeLogging());
    });

    [Fact]
    public async Task A_day_whose_users_file_carries_new_fields_names_them_in_the_result_the_status_the_counter_and_the_log()
    {
        using var harness = NewHarness();
        var day = harness.Simulator.LastAvailableDay;
        var quiet = day.AddDays(-1);
        harness.Simulator.Faults.Add(new SimulatorFault { Target = FaultTarget.Download, Kind = FaultKind.ExtraProperty, Report = ReportType.Users1Day, Day = day, ExtraProperties = [Top, Nested] });
        using var counter = new MetricCollector<long>(harness.Provider.GetRequiredService<IMeterFactory>(), CopilotMetricsTelemetry.MeterName, "copilot_metrics.report.unknown_properties");

        // The oracle: every row of the day gets the top-level field, every IDE entry of every row the nested one.
        var expectedRows = harness.Simulator.ExpectedUsers(Org, day).ToList();
        long rows = expectedRows.Count;
        long ideEntries = expectedRows.Sum(u => u.TotalsByIde.Count);
        Assert.True(rows > 0 && ideEntries > 0);

        var result = await harness.Engine.RunAsync();

        Assert.True(result.Succeeded);
        var key = new SyncDayKey(Org, SyncDataset.Users, day);
        Assert.Equal([new SyncDrift(key, Nested, ideEntries), new SyncDrift(key, Top, rows)], result.Drift);

        var status = await harness.Store.GetSyncStatusAsync(key);
        Assert.Equal([Nested, Top], status!.UnknownProperties);
        Assert.Empty((await harness.Store.GetSyncStatusAsync(key with { Day = quiet }))!.UnknownProperties);
        Assert.Empty((await harness.Store.GetSyncStatusAsync(key with { Dataset = SyncDataset.Aggregate }))!.UnknownProperties);

        var sighting = Assert.Single(await harness.Store.GetUnknownPropertiesAsync(Org), s => s.Path == Top);
        Assert.Equal((SyncDataset.Users, day, day, "users-1-day"), (sighting.Dataset, sighting.FirstSeen, sighting.LastSeen, sighting.Report));
        Assert.Equal($"`totals_by_x`: first seen {day:yyyy-MM-dd} in users-1-day, kept losslessly, not typed", sighting.ToString());

        var measurements = counter.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Count);
        Assert.All(measurements, m => Assert.Equal("users", m.Tags["copilot_metrics.dataset"]));
        Assert.Equal(rows, Assert.Single(measurements, m => (string?)m.Tags["copilot_metrics.property.path"] == Top).Value);
        Assert.Equal(ideEntries, Assert.Single(measurements, m => (string?)m.Tags["copilot_metrics.property.path"] == Nested).Value);

        var logs = harness.Provider.GetFakeLogCollector().GetSnapshot().Where(l => l.Id.Id == 2010).ToList();
        Assert.Equal(2, logs.Count);
        Assert.All(logs, l => Assert.Equal(LogLevel.Information, l.Level));
        Assert.Contains(logs, l => l.Message.Contains(Top, StringComparison.Ordinal));

        // The lossless copy: the stored rows still carry the fields, written back as they came.
        var stored = new List<UserDayRecord>();
        await foreach (var user in harness.Store.GetUserDayAsync(Org, day))
        {
            stored.Add(user);
        }

        Assert.Equal(rows, stored.Count);
        Assert.All(stored, u => Assert.Equal(1, u.AdditionalProperties![Top].GetInt32()));
        Assert.All(stored.SelectMany(u => u.TotalsByIde), ide => Assert.Equal(1, ide.AdditionalProperties!["new_field"].GetInt32()));
        Assert.All(stored, u => Assert.Contains("\"totals_by_x\":1", ReportJson.Serialize(u), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_without_new_fields_names_none_and_counts_nothing()
    {
        using var harness = NewHarness();
        using var counter = new MetricCollector<long>(harness.Provider.GetRequiredService<IMeterFactory>(), CopilotMetricsTelemetry.MeterName, "copilot_metrics.report.unknown_properties");

        var result = await harness.Engine.RunAsync();

        Assert.True(result.Succeeded && result.Stored > 0);
        Assert.Empty(result.Drift);
        Assert.Empty(counter.GetMeasurementSnapshot());
        Assert.Empty(await harness.Store.GetUnknownPropertiesAsync(Org));
        var window = SyncEngine.Window(Org, harness.Time.GetUtcNow(), 10)!.Value;
        Assert.All(await harness.Store.GetSyncStatusesAsync(Org, window), s => Assert.Empty(s.UnknownProperties));
    }

    [Fact]
    public async Task A_property_is_logged_once_per_run_however_many_days_carry_it()
    {
        using var harness = NewHarness();
        harness.Simulator.Faults.Add(new SimulatorFault { Target = FaultTarget.Download, Kind = FaultKind.ExtraProperty, Report = ReportType.Users1Day });

        var result = await harness.Engine.RunAsync();

        var days = result.Drift.Select(d => d.Key.Day).Distinct().Count();
        Assert.True(days > 1, $"{days} day(s) carried it");
        Assert.All(result.Drift, d => Assert.Equal(Top, d.Path));
        Assert.Single(harness.Provider.GetFakeLogCollector().GetSnapshot(), l => l.Id.Id == 2010);
        var sighting = Assert.Single(await harness.Store.GetUnknownPropertiesAsync(Org));
        Assert.Equal(result.Drift.Min(d => d.Key.Day), sighting.FirstSeen);
        Assert.Equal(result.Drift.Max(d => d.Key.Day), sighting.LastSeen);
    }
}
