using System.Globalization;
using System.Text;
using CopilotMetrics.Billing;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Storage.Conformance;

/// <summary>
/// The repositories' typed rows (<see cref="IMetricsReader.GetRepositoryRowsAsync"/>) and the AI-credit dataset
/// (<see cref="IMetricsWriter.ReplaceAiCreditDayAsync"/>): replace semantics, failed writes, and reads of a range
/// checked against values written out by hand from the records below.
/// </summary>
public abstract partial class MetricsStoreConformanceTests
{
    // Day D: a full 2026 row (one review-time entry complete, one with only its two names), a row with a sparse
    // pull_requests object and an empty review-time list, and a row without day, pull_requests or review times.
    private const string FullRepo = """
        {"day":"2026-06-01","repo_id":101,"repo_owner_name":"acme","repo_name":"api","repo_visibility":"PRIVATE","pull_requests":{"total_created":5,"total_reviewed":4,"total_merged":3,"median_minutes_to_merge":42.5,"total_suggestions":7,"total_applied_suggestions":2,"total_created_by_copilot":1,"total_reviewed_by_copilot":2,"total_merged_created_by_copilot":1,"total_merged_reviewed_by_copilot":1,"median_minutes_to_merge_copilot_authored":30.25,"total_copilot_suggestions":6,"total_copilot_applied_suggestions":1},"pull_request_review_times":[{"authored_by":"human","reviewed_by":"human","total_merged":2,"median_minutes_ready_to_first_review":12.5,"p90_minutes_ready_to_first_review":60,"median_minutes_first_to_final_review":0,"p90_minutes_first_to_final_review":5,"median_minutes_final_review_to_merge":3,"p90_minutes_final_review_to_merge":9.75},{"authored_by":"human","reviewed_by":"copilot"}],"zz_future":{"b":1}}
        """;

    private const string SparseRepo = """{"day":"2026-06-01","repo_id":102,"repo_name":"web","pull_requests":{"total_merged":1},"pull_request_review_times":[]}""";

    private const string BareRepo = """{"repo_id":103,"repo_owner_name":"acme","repo_name":"docs","repo_visibility":"PUBLIC"}""";

    // Day D+1: no repo_id, SQL-looking names, a median that is 0 (kept as 0, not as "absent").
    private const string TrickyRepo = """{"day":"2026-06-02","repo_owner_name":"o'r\"g","repo_name":"it's;--","pull_requests":{"total_created":2,"median_minutes_to_merge":0}}""";

    // The typed rows those records must give, written out by hand: day|id|owner|name|visibility|pull requests|review times.
    private static readonly string[] ExpectedRepositoryRows =
    [
        "2026-06-01|101|acme|api|PRIVATE|pr(5,4,3,42.5,7,2,1,2,1,1,30.25,null,6,1)|rt[(human,human,2,12.5,60,0,5,3,9.75);(human,copilot,null,null,null,null,null,null,null)]",
        "2026-06-01|102|null|web|null|pr(0,0,1,null,0,0,0,0,0,0,null,null,0,0)|rt[]",
        "2026-06-01|103|acme|docs|PUBLIC|null|null",
        "2026-06-02|null|o'r\"g|it's;--|null|pr(2,0,0,0,0,0,0,0,0,0,null,null,0,0)|null",
    ];

    private static RepositoryDayRecord RepoJson(string json) => ReportJson.Deserialize<RepositoryDayRecord>(Encoding.UTF8.GetBytes(json));

    private static async Task<List<string>> RepositoryRowsAsync(IMetricsStore store, MetricsScope scope, DateRange range) =>
        [.. (await store.GetRepositoryRowsAsync(scope, range)).Select(Render)];

    private static string Render(RepositoryDayRow row)
    {
        static string N<T>(T? value)
            where T : struct, IFormattable => value is { } v ? v.ToString(null, CultureInfo.InvariantCulture) : "null";
        static string S(string? value) => value ?? "null";
        var p = row.PullRequests;
        var pr = p is null
            ? "null"
            : $"pr({p.TotalCreated},{p.TotalReviewed},{p.TotalMerged},{N(p.MedianMinutesToMerge)},{p.TotalSuggestions},{p.TotalAppliedSuggestions},{p.TotalCreatedByCopilot},{p.TotalReviewedByCopilot},{p.TotalMergedCreatedByCopilot},{p.TotalMergedReviewedByCopilot},{N(p.MedianMinutesToMergeCopilotAuthored)},{N(p.MedianMinutesToMergeCopilotReviewed)},{p.TotalCopilotSuggestions},{p.TotalCopilotAppliedSuggestions})";
        var rt = row.ReviewTimes is null
            ? "null"
            : "rt[" + string.Join(";", row.ReviewTimes.Select(t =>
                $"({S(t.AuthoredBy)},{S(t.ReviewedBy)},{N(t.TotalMerged)},{N(t.MedianMinutesReadyToFirstReview)},{N(t.P90MinutesReadyToFirstReview)},{N(t.MedianMinutesFirstToFinalReview)},{N(t.P90MinutesFirstToFinalReview)},{N(t.MedianMinutesFinalReviewToMerge)},{N(t.P90MinutesFinalReviewToMerge)})")) + "]";
        return string.Create(CultureInfo.InvariantCulture, $"{row.Day:yyyy-MM-dd}|{N(row.RepositoryId)}|{S(row.OwnerName)}|{S(row.Name)}|{S(row.Visibility)}|{pr}|{rt}");
    }

    [Fact]
    public async Task Repository_rows_are_typed_per_day_and_repository_with_absent_values_null()
    {
        var store = await NewStoreAsync();
        RepositoryDayRecord[] day1 = [RepoJson(FullRepo), RepoJson(SparseRepo), RepoJson(BareRepo)];
        await store.ReplaceRepositoryDayAsync(Org, D, Stream(day1));
        await store.ReplaceRepositoryDayAsync(Org, D.AddDays(1), Stream(RepoJson(TrickyRepo)));
        await store.ReplaceRepositoryDayAsync(Org, D.AddDays(2), Stream<RepositoryDayRecord>());
        await store.ReplaceRepositoryDayAsync(Org, D.AddDays(5), Stream(Repo(D.AddDays(5), 999, "outside")));
        await store.ReplaceRepositoryDayAsync(OtherOrg, D, Stream(Repo(D, 555, "other")));

        Assert.Equal(ExpectedRepositoryRows, await RepositoryRowsAsync(store, Org, new DateRange(D, D.AddDays(3))));
        Assert.Equal(ExpectedRepositoryRows[3..], await RepositoryRowsAsync(store, Org, new DateRange(D.AddDays(1), D.AddDays(2))));
        Assert.Equal(["2026-06-01|555|null|other|null|null|null"], await RepositoryRowsAsync(store, OtherOrg, new DateRange(D, D.AddDays(9))));
        Assert.Empty(await store.GetRepositoryRowsAsync(Enterprise, new DateRange(D, D.AddDays(9))));

        // The records themselves stay lossless: the unknown field and the absent fields are as written.
        Assert.Equal(Json(day1), Json(await ReposAsync(store, Org, D)));
        Assert.Contains("\"zz_future\":{\"b\":1}", ReportJson.Serialize((await ReposAsync(store, Org, D))[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repository_rows_are_replaced_with_the_day_and_a_failed_write_keeps_them()
    {
        var store = await NewStoreAsync();
        await store.ReplaceRepositoryDayAsync(Org, D, Stream(RepoJson(FullRepo), RepoJson(SparseRepo), RepoJson(BareRepo)));

        // Replaced by one row: none of the old rows or review-time entries is left.
        await store.ReplaceRepositoryDayAsync(Org, D, Stream(RepoJson(SparseRepo)));
        Assert.Equal([ExpectedRepositoryRows[1]], await RepositoryRowsAsync(store, Org, new DateRange(D, D)));

        var boom = new IOException("The connection was reset after some lines.");
        await AssertFailsWithAsync(boom, () => store.ReplaceRepositoryDayAsync(Org, D, Failing([RepoJson(FullRepo)], boom)));
        await AssertRejectedAsync(() => store.ReplaceRepositoryDayAsync(Org, D, Stream(RepoJson(FullRepo), null!)));
        await AssertRejectedAsync(() => store.ReplaceRepositoryDayAsync(Org, D, Stream(RepoJson(FullRepo), RepoJson(TrickyRepo))));
        Assert.Equal([ExpectedRepositoryRows[1]], await RepositoryRowsAsync(store, Org, new DateRange(D, D)));

        Assert.Equal(1, await store.PurgeBeforeAsync(D.AddDays(1)));
        Assert.Empty(await store.GetRepositoryRowsAsync(Org, new DateRange(D, D)));
    }

    // ---- AI credits -------------------------------------------------------------------------------------------

    private static AiCreditUsageItem Credit(string model, decimal gross, decimal discount, string product = "Copilot") => new()
    {
        Product = product,
        Sku = product + " AI Credits",
        Model = model,
        UnitType = "credits",
        PricePerUnit = 0.01m,
        GrossQuantity = gross,
        GrossAmount = gross * 0.01m,
        DiscountQuantity = discount,
        DiscountAmount = discount * 0.01m,
        NetQuantity = gross - discount,
        NetAmount = (gross - discount) * 0.01m,
    };

    private static Task<List<AiCreditUsageItem>> CreditsAsync(IMetricsStore store, MetricsScope scope, DateOnly day) => ToListAsync(store.GetAiCreditDayAsync(scope, day));

    [Fact]
    public async Task An_AI_credit_day_is_replaced_whole_and_a_failed_write_keeps_the_previous_version()
    {
        var store = await NewStoreAsync();
        AiCreditUsageItem[] first = [Credit("GPT-5", 100m, 100m), Credit("claude-sonnet-4.5", 12.34m, 0m)];
        AiCreditUsageItem[] second = [Credit("GPT-5", 101.5m, 100m)];

        Assert.Equal(new StoredDay(2, HashOf(first), false), await store.ReplaceAiCreditDayAsync(Org, D, Stream(first)));
        Assert.Equal(new StoredDay(1, HashOf(second), true), await store.ReplaceAiCreditDayAsync(Org, D, Stream(second)));
        Assert.Equal(Json(second), Json(await CreditsAsync(store, Org, D)));

        var boom = new IOException("The connection was reset after some lines.");
        await AssertFailsWithAsync(boom, () => store.ReplaceAiCreditDayAsync(Org, D, Failing(first, boom)));
        await AssertRejectedAsync(() => store.ReplaceAiCreditDayAsync(Org, D, Stream(first[0], null!)));
        using (var cts = new CancellationTokenSource())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ReplaceAiCreditDayAsync(Org, D, CancellingMidway([first[0]], [first[1]], cts), cts.Token));
        }

        Assert.Equal(Json(second), Json(await CreditsAsync(store, Org, D)));
        Assert.Equal(Json(second), Json((await store.GetAiCreditDaysAsync(Org, new DateRange(D, D))).Single().Items));

        // A failed first write leaves the day absent.
        await AssertFailsWithAsync(boom, () => store.ReplaceAiCreditDayAsync(Org, D.AddDays(1), Failing(first, boom)));
        Assert.Equal([D.AddDays(1)], await store.GetMissingDaysAsync(Org, SyncDataset.AiCredits, new DateRange(D, D.AddDays(1))));
    }

    [Fact]
    public async Task AI_credit_days_of_a_range_are_read_back_by_day_with_days_without_usage()
    {
        var store = await NewStoreAsync();
        var withUnknown = Credit("GPT-5", 7.25m, 7.25m, "Spark");
        withUnknown.AdditionalProperties = Unknown("credit");
        await store.ReplaceAiCreditDayAsync(Org, D, Stream(Credit("GPT-5", 100m, 100m), Credit("auto", 0.5m, 0.5m)));
        await store.ReplaceAiCreditDayAsync(Org, D.AddDays(1), Stream<AiCreditUsageItem>());
        await store.ReplaceAiCreditDayAsync(Org, D.AddDays(3), Stream(withUnknown));
        await store.ReplaceAiCreditDayAsync(Org, D.AddDays(9), Stream(Credit("GPT-5", 1m, 0m)));
        await store.ReplaceAiCreditDayAsync(OtherOrg, D, Stream(Credit("GPT-5", 50m, 0m)));

        var days = await store.GetAiCreditDaysAsync(Org, new DateRange(D, D.AddDays(3)));

        // By hand: D holds 100 + 0.5 credits, D+1 is stored without usage, D+2 is not stored, D+3 holds 7.25 (Spark).
        Assert.Equal([D, D.AddDays(1), D.AddDays(3)], days.Select(d => d.Day));
        Assert.Equal([2, 0, 1], days.Select(d => d.Items.Count));
        Assert.Equal(107.75m, days.SelectMany(d => d.Items).Sum(i => i.GrossQuantity));
        Assert.Equal(0m, days.SelectMany(d => d.Items).Sum(i => i.NetAmount));
        Assert.Equal(["GPT-5", "auto", "GPT-5"], days.SelectMany(d => d.Items).Select(i => i.Model));
        Assert.Equal(Json([withUnknown]), Json(days[2].Items));
        Assert.Equal(Json([withUnknown]), Json(await CreditsAsync(store, Org, D.AddDays(3))));
        Assert.Empty(await CreditsAsync(store, Org, D.AddDays(2)));
        Assert.Equal([D.AddDays(2)], await store.GetMissingDaysAsync(Org, SyncDataset.AiCredits, new DateRange(D, D.AddDays(3))));
        Assert.Equal(50m, (await store.GetAiCreditDaysAsync(OtherOrg, new DateRange(D, D.AddDays(9)))).Single().Items.Single().GrossQuantity);
        Assert.Empty(await store.GetAiCreditDaysAsync(Enterprise, new DateRange(D, D.AddDays(9))));

        // Retention removes the AI-credit days like any other (D and D+1 here).
        Assert.Equal(3, await store.PurgeBeforeAsync(D.AddDays(2)));
        Assert.Equal([D.AddDays(3)], (await store.GetAiCreditDaysAsync(Org, new DateRange(D, D.AddDays(3)))).Select(d => d.Day));
    }
}
