using System.Net;
using CopilotMetrics.Samples.Web.Services;
using CopilotMetrics.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>POST /api/admin/sync: 200 with the result when quick, 202 + 409 while a run is held up, the status afterwards.</summary>
public sealed class AdminSyncTests
{
    [Fact]
    public async Task Sync_ReturnsTheResult_WhenItFinishesQuickly()
    {
        await using var factory = new WebAppFactory(WebAppFactory.Demo(backfillDays: 3));
        var json = await (await factory.CreateAdminClient().PostEmptyAsync("/api/admin/sync")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("succeeded", json.GetProperty("state").GetString());
        Assert.NotEmpty(json.GetProperty("runId").GetString()!);
        Assert.True(json.GetProperty("result").GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task Sync_Answers202_Then409WhileRunning_AndTheStatusShowsTheRun()
    {
        var settings = WebAppFactory.Demo(backfillDays: 3);
        settings["ADMIN_SYNC_WAIT_MS"] = "300";
        await using var factory = new WebAppFactory(settings);
        var admin = factory.CreateAdminClient();
        await admin.GetJsonAsync("/api/info"); // starts the host (and its demo sync) before the fault is added

        factory.Time.Advance(TimeSpan.FromDays(1)); // a new day to fetch, so the run has requests to make

        // Every simulated request now waits 50 s on the fake clock: the run cannot finish until the clock moves.
        var fault = factory.Simulator.Faults.Add(new SimulatorFault { Kind = FaultKind.Latency, Delay = TimeSpan.FromSeconds(50) });
        var first = await admin.PostEmptyAsync("/api/admin/sync");
        var started = await first.JsonAsync(HttpStatusCode.Accepted);
        var runId = started.GetProperty("runId").GetString();
        Assert.Equal("running", started.GetProperty("state").GetString());
        Assert.Equal($"/api/admin/sync-status?runId={runId}", first.Headers.Location?.ToString());

        var second = await admin.PostEmptyAsync("/api/admin/sync");
        await second.ProblemAsync(HttpStatusCode.Conflict);
        var status = await admin.GetJsonAsync("/api/admin/sync-status");
        Assert.Equal(runId, status.GetProperty("lastRun").GetProperty("runId").GetString());
        Assert.Equal("running", status.GetProperty("lastRun").GetProperty("state").GetString());

        factory.Simulator.Faults.Remove(fault);

        // The requests already waiting finish once the fake clock passes their 50 s. Wait on the run itself, a bounded
        // number of steps (a request may start its wait just after an advance, hence more than one).
        var run = factory.Services.GetRequiredService<SyncRunner>().Last ?? throw new Xunit.Sdk.XunitException("the runner has no run");
        Assert.Equal(runId, run.Id);
        for (var step = 0; step < 40 && !run.Completion.IsCompleted; step++)
        {
            factory.Time.Advance(TimeSpan.FromSeconds(51));
            await Task.WhenAny(run.Completion, Task.Delay(250));
        }

        Assert.True(run.Completion.IsCompleted, "the run did not finish after 40 advances of the fake clock");
        var state = (await admin.GetJsonAsync("/api/admin/sync-status")).GetProperty("lastRun").GetProperty("state").GetString();
        Assert.Equal("succeeded", state);
        var third = await admin.PostEmptyAsync("/api/admin/sync");
        Assert.True(third.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, third.StatusCode.ToString());
    }

    [Fact]
    public async Task SyncStatus_NamesTheDrift_ADayWithNewFieldsCarried()
    {
        await using var factory = new WebAppFactory(WebAppFactory.Demo(backfillDays: 3));
        var admin = factory.CreateAdminClient();
        await admin.GetJsonAsync("/api/info"); // starts the host (and its demo sync) before the fault is added
        await (await admin.PostEmptyAsync("/api/admin/sync")).JsonAsync(HttpStatusCode.OK);
        var before = await admin.GetJsonAsync("/api/admin/sync-status?scope=org:octo-org");
        Assert.Equal(0, before.GetProperty("drift").GetArrayLength());

        factory.Time.Advance(TimeSpan.FromDays(1));
        var day = WebAppFactory.LastDay.AddDays(1);
        factory.Simulator.Faults.Add(new SimulatorFault { Kind = FaultKind.ExtraProperty, Scope = WebAppFactory.Org, Report = ReportType.Users1Day, Day = day, ExtraProperties = ["totals_by_x"] });
        var run = await (await admin.PostEmptyAsync("/api/admin/sync")).JsonAsync(HttpStatusCode.OK);
        Assert.True(run.GetProperty("result").GetProperty("succeeded").GetBoolean());

        var status = await admin.GetJsonAsync("/api/admin/sync-status?scope=org:octo-org");
        var drift = Assert.Single(status.GetProperty("drift").EnumerateArray());
        Assert.Equal("totals_by_x", drift.GetProperty("path").GetString());
        Assert.Equal("users", drift.GetProperty("dataset").GetString());
        Assert.Equal("users-1-day", drift.GetProperty("report").GetString());
        Assert.Equal(Http.Day(day), drift.GetProperty("firstSeen").GetString());
        Assert.Equal($"`totals_by_x`: first seen {Http.Day(day)} in users-1-day, kept losslessly, not typed", drift.GetProperty("description").GetString());
    }
}
