using System.Net;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using CopilotMetrics.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CopilotMetrics.Sync.Tests.SyncHarness;

namespace CopilotMetrics.Sync.Tests;

/// <summary>The datasets synced by default besides the reports of 2025: repositories and AI credits.</summary>
public sealed class DatasetSyncTests
{
    private const string AiCreditPath = "/settings/billing/ai_credit/usage";

    // 2026-10-05: the window (10 days, ending yesterday) has repository rows with review times and billed AI credits.
    private static FakeTimeProvider October() => new(new DateTimeOffset(2026, 10, 5, 7, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Repositories_and_AI_credits_are_in_the_default_datasets()
    {
        Assert.Equal(
            [SyncDataset.Aggregate, SyncDataset.Users, SyncDataset.UserTeams, SyncDataset.Repositories, SyncDataset.Seats, SyncDataset.AiCredits],
            new SyncOptions().Datasets.Order());
    }

    [Fact]
    public async Task Repositories_are_synced_by_default_for_organizations_and_enterprises_and_stored_typed()
    {
        using var harness = new SyncHarness(o => o.Scopes.Add(Ent.ToString()), time: October(), allDatasets: true);

        var result = await harness.Engine.RunAsync();

        Assert.True(result.Succeeded, string.Join("\n", result.Failures.Select(f => f.Error)));
        var window = SyncEngine.Window(Org, harness.Time.GetUtcNow(), 10)!.Value;
        foreach (var scope in new[] { Org, Ent })
        {
            var typed = await harness.Store.GetRepositoryRowsAsync(scope, window);
            var days = 0;
            var repositories = 0;
            foreach (var day in harness.AvailableDays(scope))
            {
                var expected = harness.Simulator.ExpectedRepositories(scope, day);
                repositories += expected.Count;
                var stored = new List<RepositoryDayRecord>();
                await foreach (var record in harness.Store.GetRepositoryDayAsync(scope, day))
                {
                    stored.Add(record);
                }

                Assert.Equal(expected.Select(ReportJson.Serialize), stored.Select(ReportJson.Serialize));

                // The typed rows of the day carry the records' own fields (read here from the served records, not from the store's mapping).
                var rows = typed.Where(r => r.Day == day).ToList();
                Assert.Equal(expected.Select(r => (r.RepositoryId, r.RepositoryOwnerName, r.RepositoryName, r.RepositoryVisibility)), rows.Select(r => (r.RepositoryId, r.OwnerName, r.Name, r.Visibility)));
                Assert.Equal(expected.Select(r => r.PullRequests?.TotalMerged), rows.Select(r => r.PullRequests?.TotalMerged));
                Assert.Equal(expected.Select(r => r.PullRequestReviewTimes?.Count), rows.Select(r => r.ReviewTimes?.Count));
                days++;
            }

            Assert.True(repositories > 0, $"{scope}: the simulator should serve repository rows");
            Assert.Equal(repositories, typed.Count);
            Assert.Equal(9, days); // 10 days ending yesterday, whose report is not out yet
            Assert.Equal(0, harness.Simulator.DownloadCount(scope, ReportType.Repositories1Day, window.To)); // yesterday: 204, no file
            Assert.Empty(await harness.Store.GetMissingDaysAsync(scope, SyncDataset.Repositories, window)); // ... and stored as an empty day
        }
    }

    [Fact]
    public async Task Each_days_stored_AI_credit_items_add_up_to_the_stored_users_ai_credits_used()
    {
        using var harness = new SyncHarness(o => o.Scopes.Add(Ent.ToString()), time: October(), allDatasets: true);

        var result = await harness.Engine.RunAsync();

        Assert.True(result.Succeeded, string.Join("\n", result.Failures.Select(f => f.Error)));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("AI credits", StringComparison.Ordinal));
        var window = SyncEngine.Window(Org, harness.Time.GetUtcNow(), 10)!.Value;
        foreach (var scope in new[] { Org, Ent })
        {
            var credits = await harness.Store.GetAiCreditDaysAsync(scope, window);
            decimal billed = 0;
            Assert.Equal(window.EachDay(), credits.Select(c => c.Day)); // every day of the window, yesterday included (billed before its report is out)
            foreach (var day in harness.AvailableDays(scope))
            {
                // Computed here from the two stored datasets: the day's billed items against the day's per-user rows.
                decimal used = 0;
                var users = 0;
                await foreach (var user in harness.Store.GetUserDayAsync(scope, day))
                {
                    used += user.AiCreditsUsed is { } u ? (decimal)u : 0m;
                    users++;
                }

                var items = credits.Single(c => c.Day == day).Items;
                Assert.True(users > 0, $"{scope} {day}: users should be stored");
                Assert.Equal(Math.Round(used, 6), Math.Round(items.Sum(i => i.GrossQuantity), 6));
                billed += used;
                Assert.All(items, i => Assert.Equal(i.GrossQuantity, i.DiscountQuantity + i.NetQuantity));
            }

            Assert.True(billed > 0, $"{scope}: the generator should bill credits in the window");
        }
    }

    [Fact]
    public async Task AI_credit_days_before_June_2026_are_stored_empty_without_a_request()
    {
        // 2026-06-05: the window is 2026-05-26 .. 06-04; billing in AI credits began on 06-01.
        using var harness = new SyncHarness(time: new FakeTimeProvider(new DateTimeOffset(2026, 6, 5, 7, 0, 0, TimeSpan.Zero)), allDatasets: true);

        var result = await harness.Engine.RunAsync();

        Assert.True(result.Succeeded, string.Join("\n", result.Failures.Select(f => f.Error)));
        var asked = harness.Simulator.Requests.Where(r => r.Path.EndsWith(AiCreditPath, StringComparison.Ordinal)).Select(r => Normalize(r.Query)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["day=1&month=6&year=2026", "day=2&month=6&year=2026", "day=3&month=6&year=2026", "day=4&month=6&year=2026"], asked);
        var statuses = (await harness.Store.GetSyncStatusesAsync(Org, new DateRange(new DateOnly(2026, 5, 26), new DateOnly(2026, 6, 4))))
            .Where(s => s.Key.Dataset == SyncDataset.AiCredits).OrderBy(s => s.Key.Day).ToList();
        Assert.Equal(10, statuses.Count);
        Assert.All(statuses.Take(6), s => Assert.Equal(SyncDayState.Empty, s.State));
        Assert.All(statuses.Skip(6), s => Assert.Equal(SyncDayState.Completed, s.State)); // asked and stored (no usage before the generator's 06-19)
        Assert.Empty(await harness.Store.GetMissingDaysAsync(Org, SyncDataset.AiCredits, new DateRange(new DateOnly(2026, 5, 26), new DateOnly(2026, 6, 4))));
    }

    [Fact]
    public async Task A_scope_without_billing_access_leaves_its_AI_credit_days_unavailable_with_one_warning_not_failures()
    {
        var billing = new BillingGate { Status = HttpStatusCode.Forbidden };
        using var harness = new SyncHarness(
            o => o.MaxConcurrency = 1,
            time: October(),
            allDatasets: true,
            extra: b => b.ConfigureApiHttpClient(c => c.AddHttpMessageHandler(() => new BillingGateHandler(billing))));
        var window = SyncEngine.Window(Org, harness.Time.GetUtcNow(), 10)!.Value;

        var first = await harness.Engine.RunAsync();

        Assert.True(first.Succeeded, string.Join("\n", first.Failures.Select(f => f.Error)));
        Assert.Empty(first.Failures);
        var warning = Assert.Single(first.Warnings, w => w.Contains("AI credits unavailable", StringComparison.Ordinal));
        Assert.Contains("HTTP 403", warning, StringComparison.Ordinal);
        Assert.Equal(1, billing.Refused); // one request, not one per day
        Assert.Equal(window.EachDay(), await harness.Store.GetMissingDaysAsync(Org, SyncDataset.AiCredits, window));
        Assert.Empty(await harness.Store.GetMissingDaysAsync(Org, SyncDataset.Users, window));
        var statuses = (await harness.Store.GetSyncStatusesAsync(Org, window)).Where(s => s.Key.Dataset == SyncDataset.AiCredits).ToList();
        Assert.All(statuses, s => Assert.Equal(SyncDayState.Pending, s.State));
        Assert.All(statuses, s => Assert.StartsWith("unavailable: ", s.LastError, StringComparison.Ordinal));

        // A 404 (no usage-based billing) is the same; the next run asks once again.
        billing.Status = HttpStatusCode.NotFound;
        harness.Time.Advance(TimeSpan.FromHours(2));
        var second = await harness.Engine.RunAsync();
        Assert.True(second.Succeeded);
        Assert.Contains(second.Warnings, w => w.Contains("HTTP 404", StringComparison.Ordinal));
        Assert.Equal(2, billing.Refused);

        // Once access is granted, the next run backfills every day.
        billing.Status = null;
        harness.Time.Advance(TimeSpan.FromHours(2));
        var third = await harness.Engine.RunAsync();
        Assert.True(third.Succeeded);
        Assert.Empty(await harness.Store.GetMissingDaysAsync(Org, SyncDataset.AiCredits, window));
        Assert.Equal(window.EachDay(), (await harness.Store.GetAiCreditDaysAsync(Org, window)).Select(d => d.Day));
    }

    private static string Normalize(string query) => string.Join("&", query.TrimStart('?').Split('&').Order(StringComparer.Ordinal));

    private sealed class BillingGate
    {
        public HttpStatusCode? Status { get; set; }

        public int Refused;
    }

    /// <summary>Answers GitHub's billing endpoint with <see cref="BillingGate.Status"/> while it is set (a token without billing access).</summary>
    private sealed class BillingGateHandler(BillingGate gate) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (gate.Status is { } status && request.RequestUri!.AbsolutePath.EndsWith(AiCreditPath, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref gate.Refused);
                return Task.FromResult(new HttpResponseMessage(status)
                {
                    RequestMessage = request,
                    Content = new StringContent("""{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest"}""", System.Text.Encoding.UTF8, "application/json"),
                });
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
