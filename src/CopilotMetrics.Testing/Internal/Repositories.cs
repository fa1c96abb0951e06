using System.Globalization;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Testing.Internal;

/// <summary>
/// A scope's repositories (stable ids, bare names, visibility; a few busy ones and a long tail) and the split of a day's
/// aggregate pull-request counts over them: the <c>repos-1-day</c> rows of a day add up to the aggregate's
/// <c>pull_requests</c> counts, each repository's counts are consistent (Copilot's share never above the whole), and only
/// repositories with activity are listed.
/// </summary>
internal sealed class Repositories
{
    private static readonly string[] Names =
        ["api", "web", "mobile-app", "payments", "infra", "docs", "data-pipeline", "auth-service", "search", "billing", "design-system", "cli"];

    private static readonly string[] Visibilities = ["PRIVATE", "INTERNAL", "PUBLIC"];
    private static readonly int[] VisibilityWeights = [65, 20, 15];

    private readonly long[] _ids;
    private readonly string[] _names;
    private readonly string[] _visibilities;
    private readonly ulong _hash;

    public Repositories(ulong hash, int users)
    {
        _hash = hash;
        var count = Math.Clamp(3 + (users / 25), 3, 400);
        _ids = new long[count];
        _names = new string[count];
        _visibilities = new string[count];
        var rng = new DeterministicRandom(hash);
        var id = 100_000_000L + rng.Next(800_000_000);
        for (var i = 0; i < count; i++)
        {
            id += 1 + rng.Next(5_000);
            _ids[i] = id;
            _names[i] = i < Names.Length ? Names[i] : string.Create(CultureInfo.InvariantCulture, $"{Names[i % Names.Length]}-{(i / Names.Length) + 1}");
            _visibilities[i] = Visibilities[rng.PickWeighted(VisibilityWeights, 100)];
        }
    }

    /// <summary>The rows of a day: <paramref name="totals"/> (the aggregate's pull requests) split over the repositories active that day.</summary>
    public List<RepositoryDayRecord> Rows(DateOnly day, PullRequestTotals totals, IReadOnlyList<string> owners, string enterpriseId, string? organizationId)
    {
        var n = _ids.Length;
        var rng = new DeterministicRandom(DeterministicRandom.Hash(_hash, 1, 0, day.DayNumber));
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var weights = new double[n];
        for (var i = 0; i < n; i++)
        {
            // The first repositories are busy nearly every weekday, the tail now and then.
            var busy = Math.Min(0.95, 0.1 + (0.85 / (1 + (i / 5.0))));
            if (rng.Chance(weekend ? busy * 0.3 : busy))
            {
                weights[i] = rng.Between(0.5, 1.5) / (1 + (i / 3.0));
            }
        }

        if (weights.All(static w => w == 0))
        {
            weights[0] = 1;
        }

        var merged = Split(totals.TotalMerged, weights, null);
        var created = Split(totals.TotalCreated, weights, null);
        var reviewed = Split(totals.TotalReviewed, weights, null);
        var createdByCopilot = Split(totals.TotalCreatedByCopilot, weights, created);
        var reviewedByCopilot = Split(totals.TotalReviewedByCopilot, weights, reviewed);
        var mergedCreatedByCopilot = Split(totals.TotalMergedCreatedByCopilot, weights, merged);
        var mergedReviewedByCopilot = Split(totals.TotalMergedReviewedByCopilot, weights, merged);

        var types = totals.CopilotSuggestionsByCommentType;
        var byType = new long[types.Count][];
        var appliedByType = new long[types.Count][];
        var copilot = new long[n];
        var copilotApplied = new long[n];
        for (var t = 0; t < types.Count; t++)
        {
            byType[t] = Split(types[t].TotalCopilotSuggestions, weights, null);
            appliedByType[t] = Split(types[t].TotalCopilotAppliedSuggestions, weights, byType[t]);
            for (var i = 0; i < n; i++)
            {
                copilot[i] += byType[t][i];
                copilotApplied[i] += appliedByType[t][i];
            }
        }

        var human = Split(totals.TotalSuggestions - totals.TotalCopilotSuggestions, weights, null);
        var humanApplied = Split(totals.TotalAppliedSuggestions - totals.TotalCopilotAppliedSuggestions, weights, human);

        var rows = new List<RepositoryDayRecord>();
        for (var i = 0; i < n; i++)
        {
            if (merged[i] + created[i] + reviewed[i] + copilot[i] + human[i] == 0)
            {
                continue; // GitHub lists only the repositories with activity that day
            }

            var detail = new DeterministicRandom(DeterministicRandom.Hash(_hash, 2, i, day.DayNumber));
            var comments = new List<CommentTypeSuggestions>();
            for (var t = 0; t < types.Count; t++)
            {
                if (byType[t][i] > 0)
                {
                    comments.Add(new CommentTypeSuggestions { CommentType = types[t].CommentType, TotalCopilotSuggestions = byType[t][i], TotalCopilotAppliedSuggestions = appliedByType[t][i] });
                }
            }

            rows.Add(new RepositoryDayRecord
            {
                Day = day,
                RepositoryId = _ids[i],
                RepositoryOwnerName = owners[i % owners.Count],
                RepositoryName = _names[i],
                RepositoryVisibility = _visibilities[i],
                OrganizationId = organizationId,
                EnterpriseId = enterpriseId,
                PullRequests = new PullRequestTotals
                {
                    TotalCreated = created[i],
                    TotalReviewed = reviewed[i],
                    TotalMerged = merged[i],
                    MedianMinutesToMerge = merged[i] == 0 ? null : Math.Round(detail.Between(60, 900), 1),
                    TotalSuggestions = copilot[i] + human[i],
                    TotalAppliedSuggestions = copilotApplied[i] + humanApplied[i],
                    TotalCreatedByCopilot = createdByCopilot[i],
                    TotalReviewedByCopilot = reviewedByCopilot[i],
                    TotalMergedCreatedByCopilot = mergedCreatedByCopilot[i],
                    TotalMergedReviewedByCopilot = mergedReviewedByCopilot[i],
                    MedianMinutesToMergeCopilotAuthored = mergedCreatedByCopilot[i] == 0 ? null : Math.Round(detail.Between(30, 300), 1),
                    MedianMinutesToMergeCopilotReviewed = mergedReviewedByCopilot[i] == 0 ? null : Math.Round(detail.Between(80, 600), 1),
                    TotalCopilotSuggestions = copilot[i],
                    TotalCopilotAppliedSuggestions = copilotApplied[i],
                    CopilotSuggestionsByCommentType = comments,
                },
                PullRequestReviewTimes = day.DayNumber >= Milestones.ReviewTimes ? ReviewTimes(ref detail, day, merged[i] - mergedCreatedByCopilot[i]) : null,
            });
        }

        return rows;
    }

    /// <summary>
    /// Review stages of the day's merges that a person opened and another person reviewed: a share of the human-authored
    /// merges that grows over the first two weeks (pull requests ready for review before 2026-09-21 do not count).
    /// </summary>
    private static PullRequestReviewTimes[] ReviewTimes(ref DeterministicRandom rng, DateOnly day, long humanMerged)
    {
        var ramp = Math.Min(1.0, (day.DayNumber - Milestones.ReviewTimes + 1) / 14.0);
        var qualifying = (long)Math.Round(humanMerged * ramp * rng.Between(0.4, 0.8), MidpointRounding.AwayFromZero);
        if (qualifying == 0)
        {
            return []; // a quiet day is an empty array, not zeros
        }

        var ready = rng.Between(15, 240);
        var single = rng.Chance(0.35);
        var firstToFinal = single ? 0 : rng.Between(10, 300);
        var toMerge = rng.Between(5, 180);
        return
        [
            new PullRequestReviewTimes
            {
                AuthoredBy = "human",
                ReviewedBy = "human",
                TotalMerged = qualifying,
                MedianMinutesReadyToFirstReview = Math.Round(ready, 1),
                P90MinutesReadyToFirstReview = Math.Round(ready * rng.Between(2, 5), 1),
                MedianMinutesFirstToFinalReview = Math.Round(firstToFinal, 1),
                P90MinutesFirstToFinalReview = single && qualifying == 1 ? 0 : Math.Round((single ? rng.Between(10, 120) : firstToFinal) * rng.Between(1.5, 4), 1),
                MedianMinutesFinalReviewToMerge = Math.Round(toMerge, 1),
                P90MinutesFinalReviewToMerge = Math.Round(toMerge * rng.Between(2, 6), 1),
            },
        ];
    }

    /// <summary>
    /// Splits <paramref name="total"/> over the repositories in proportion to <paramref name="weights"/> (largest remainder,
    /// deterministic), never giving a repository more than its cap (the count it is a part of), so the parts always add up.
    /// </summary>
    private static long[] Split(long total, double[] weights, long[]? caps)
    {
        var result = new long[weights.Length];
        var remaining = total;
        while (remaining > 0)
        {
            double weight = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                weight += Room(i) > 0 ? Math.Max(weights[i], 1e-9) : 0;
            }

            if (weight == 0)
            {
                throw new InvalidOperationException("The caps cannot hold the total."); // the aggregate's counts guarantee they can
            }

            long given = 0;
            var best = -1;
            for (var i = 0; i < weights.Length; i++)
            {
                var room = Room(i);
                if (room <= 0)
                {
                    continue;
                }

                var share = Math.Min(room, (long)Math.Floor(remaining * Math.Max(weights[i], 1e-9) / weight));
                result[i] += share;
                given += share;
                if (best < 0 || weights[i] > weights[best])
                {
                    best = i;
                }
            }

            if (given == 0)
            {
                result[best]++;
                given = 1;
            }

            remaining -= given;
        }

        return result;

        long Room(int i) => caps is null ? long.MaxValue : caps[i] - result[i];
    }
}
