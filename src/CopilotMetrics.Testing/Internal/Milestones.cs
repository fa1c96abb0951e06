namespace CopilotMetrics.Testing.Internal;

/// <summary>
/// The days GitHub added fields to the reports (docs/report-fields.md): the generator writes a field from its day on, so
/// that older days keep the shape (and the bytes) they always had.
/// </summary>
internal static class Milestones
{
    /// <summary><c>ai_credits_used</c> on per-user rows.</summary>
    public static readonly int AiCredits = new DateOnly(2026, 6, 19).DayNumber;

    /// <summary><c>total_pull_requests_merged</c> in <c>totals_by_ai_adoption_phase</c>.</summary>
    public static readonly int PhaseMerges = new DateOnly(2026, 6, 26).DayNumber;

    /// <summary><c>avg_pull_requests_minutes_to_review</c> and <c>avg_pull_requests_review_cycles</c> per phase.</summary>
    public static readonly int PhaseReviews = new DateOnly(2026, 7, 7).DayNumber;

    /// <summary>
    /// The aggregate's Copilot app fields. The simulator also writes <c>weekly_/monthly_active_cli_users</c> from this day:
    /// GitHub gives no date for them (they are seen in third-party parsers only).
    /// </summary>
    public static readonly int AppAggregate = new DateOnly(2026, 7, 17).DayNumber;

    /// <summary><c>used_copilot_app</c> and <c>totals_by_copilot_app</c> on per-user rows.</summary>
    public static readonly int AppPerUser = new DateOnly(2026, 7, 28).DayNumber;

    /// <summary><c>totals_by_3rd_party_agent</c>.</summary>
    public static readonly int ThirdPartyAgents = new DateOnly(2026, 8, 7).DayNumber;

    /// <summary>The VS Code Agents window fields.</summary>
    public static readonly int VscodeAgents = new DateOnly(2026, 9, 11).DayNumber;

    /// <summary>The CLI customization breakdowns and distinct counts.</summary>
    public static readonly int Customizations = new DateOnly(2026, 9, 17).DayNumber;

    /// <summary><c>pull_request_review_times</c> on <c>repos-1-day</c> rows (no backfill before this day).</summary>
    public static readonly int ReviewTimes = new DateOnly(2026, 9, 21).DayNumber;
}
