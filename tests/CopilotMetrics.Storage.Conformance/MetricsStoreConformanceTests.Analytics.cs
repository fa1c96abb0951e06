using CopilotMetrics.Analytics;
using CopilotMetrics.Seats;

namespace CopilotMetrics.Storage.Conformance;

// The analytics of issue 15 (CopilotAnalytics) over each store: Core computes them over the reader, so they must hold
// on every store at once.
public abstract partial class MetricsStoreConformanceTests
{
    [Fact]
    public async Task Seats_one_definition_assigned_active_within_N_days_never_used_pending_cancellation()
    {
        var store = await NewStoreAsync();
        var day = D.AddDays(9); // 2026-06-10; with 7 days the cut-off is 2026-06-03T00:00Z
        CopilotSeat[] seats =
        [
            AnalyticsSeat(1, At(2026, 6, 9, 12), editor: "VisualStudio/17.14.21/copilot-vs/18.0.610.1"), // active
            Seat(2, At(2026, 6, 3)),                                         // active: exactly on the cut-off
            AnalyticsSeat(3, At(2026, 6, 2, 23, 59, 59), pending: new DateOnly(2026, 7, 1)), // inactive, pending
            AnalyticsSeat(4, null, team: "platform", created: At(2026, 2, 1)), // never used
            Seat(1, null),                                                   // user1's second seat: one assignee, still active
            Seat(5, null), AnalyticsSeat(5, null, pending: new DateOnly(2026, 6, 30)), // never used once, pending
            Seat(null, At(2026, 6, 9)),                                      // no assignee: not counted
            AnalyticsSeat(6, At(2026, 5, 1), editor: "visualstudio/17.14.20/copilot-vs/18.0.600.1", plan: null), // inactive
        ];
        await store.ReplaceSeatSnapshotAsync(Org, day, Stream(seats));
        var analytics = new CopilotAnalytics(store, new AnalyticsOptions { SeatActiveWithinDays = 7 });

        var summary = await analytics.GetSeatSummaryAsync(Org);

        // By hand: assignees {1..6} = 6; active {1, 2} = 2; inactive {3, 6} = 2; never used {4, 5} = 2; pending {3, 5} = 2.
        Assert.NotNull(summary);
        Assert.Equal((Org, day, 7, 6, 2, 2, 2, 2), (summary.Scope, summary.Day, summary.ActiveWithinDays, summary.Assigned, summary.Active, summary.Inactive, summary.NeverUsed, summary.PendingCancellation));
        // "VisualStudio and visualstudio are one editor": users 1 and 6; vscode: users 2 and 3.
        Assert.Equal([new SeatCount("visualstudio", 2), new SeatCount("vscode", 2)], summary.ByEditor);
        Assert.Equal([new SeatCount("business", 5), new SeatCount("unknown", 1)], summary.ByPlan);
        // The store's own history of the same day and window agrees (the stores count per assignee too).
        var point = Assert.Single(await store.GetSeatHistoryAsync(Org, new DateRange(day, day), 7));
        Assert.Equal((point.Assigned, point.Active, point.NeverUsed), (summary.Assigned, summary.Active, summary.NeverUsed));

        var inactive = await analytics.GetInactiveSeatsAsync(Org);
        Assert.NotNull(inactive);
        Assert.False(inactive.Pseudonymized);
        // Never used first (by id), then oldest activity first.
        Assert.Equal([4L, 5, 6, 3], inactive.Seats.Select(s => s.UserId));
        var four = inactive.Seats[0];
        Assert.Equal(("user4", (DateTimeOffset?)null, "platform", (DateTimeOffset?)At(2026, 2, 1)), (four.Login, four.LastActivityAt, four.Team, four.AssignedSince));
        Assert.Equal(new DateOnly(2026, 6, 30), inactive.Seats[1].PendingCancellationDate);
        Assert.Equal(("visualstudio", (DateTimeOffset?)At(2026, 5, 1)), (inactive.Seats[2].LastActivityEditor, inactive.Seats[2].LastActivityAt));

        // A wider window moves user 3 (a second before the 7-day cut-off) to active.
        var wide = await analytics.GetSeatSummaryAsync(Org, 8);
        Assert.Equal((3, 1, 2), (wide!.Active, wide.Inactive, wide.NeverUsed));
        Assert.Null(await analytics.GetSeatSummaryAsync(Enterprise));
        Assert.Null(await analytics.GetInactiveSeatsAsync(Enterprise));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => analytics.GetSeatSummaryAsync(Org, 0));
    }

    [Fact]
    public async Task Inactive_seats_show_stable_pseudonyms_with_a_secret()
    {
        var store = await NewStoreAsync();
        await store.ReplaceSeatSnapshotAsync(Org, D, Stream(Seat(11, null), Seat(12, null)));
        const string secret = "a-secret-of-sixteen+";
        var list = await new CopilotAnalytics(store, new AnalyticsOptions { PseudonymSecret = secret }).GetInactiveSeatsAsync(Org);

        Assert.True(list!.Pseudonymized);
        Assert.All(list.Seats, s => Assert.StartsWith(CopilotAnalytics.PseudonymPrefix, s.Login, StringComparison.Ordinal));
        Assert.DoesNotContain(list.Seats, s => s.Login.Contains("user1", StringComparison.Ordinal));
        // The oracle: HMAC-SHA256(secret, "11"), the first 6 bytes in hex.
        var hash = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), "11"u8.ToArray());
        Assert.Equal("anon~" + Convert.ToHexStringLower(hash.AsSpan(0, 6)), list.Seats[0].Login);
        Assert.NotEqual(list.Seats[0].Login, list.Seats[1].Login);
    }

    private static CopilotSeat AnalyticsSeat(long id, DateTimeOffset? lastActivityAt, string? editor = "vscode/1.108.2/copilot-chat/0.37.1", DateOnly? pending = null,
        string? team = null, DateTimeOffset? created = null, string? plan = "business") => new()
    {
        Assignee = new SeatAssignee { Id = id, Login = $"user{id}", Type = "User" },
        Organization = new SeatOrganization { Id = 9917342, Login = "acme" },
        AssigningTeam = team is null ? null : new SeatTeam { Id = System.Text.Json.JsonDocument.Parse("40").RootElement.Clone(), Slug = team },
        LastActivityAt = lastActivityAt,
        LastActivityEditor = lastActivityAt is null ? null : editor,
        PendingCancellationDate = pending,
        CreatedAt = created ?? At(2026, 1, 5, 9),
        PlanType = plan,
    };
}
