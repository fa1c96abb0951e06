namespace CopilotMetrics.Analytics;

/// <summary>The privacy and cost settings of <see cref="CopilotAnalytics"/>.</summary>
public sealed class AnalyticsOptions
{
    /// <summary>The default <see cref="MinimumGroupSize"/>.</summary>
    public const int DefaultMinimumGroupSize = 5;

    /// <summary>The default <see cref="SeatActiveWithinDays"/>: 30 days, the window GitHub's seat-usage guidance uses for an inactive seat.</summary>
    public const int DefaultSeatActiveWithinDays = 30;

    /// <summary>The shortest <see cref="PseudonymSecret"/> accepted (characters).</summary>
    public const int MinimumPseudonymSecretLength = 16;

    /// <summary>
    /// Team, repository and breakdown rows of fewer distinct users than this are suppressed (left out, and counted
    /// as suppressed) in every answer; 0 turns suppression off. Default <see cref="DefaultMinimumGroupSize"/>.
    /// </summary>
    public int MinimumGroupSize { get; set; } = DefaultMinimumGroupSize;

    /// <summary>
    /// A seat is active when its latest <c>last_activity_at</c> falls on or after 00:00 UTC of the snapshot day minus
    /// this many days (the stores' <see cref="Storage.IMetricsReader.GetSeatHistoryAsync"/> rule), 1–365. Default
    /// <see cref="DefaultSeatActiveWithinDays"/>.
    /// </summary>
    public int SeatActiveWithinDays { get; set; } = DefaultSeatActiveWithinDays;

    /// <summary>
    /// When set, every per-user answer shows a pseudonym instead of the login: <c>u-</c> and the first 12 hex digits
    /// of HMAC-SHA256(secret, user id) — stable for a user and a secret, not reversible without the secret. At least
    /// <see cref="MinimumPseudonymSecretLength"/> characters. <see langword="null"/> (the default) shows logins.
    /// </summary>
    public string? PseudonymSecret { get; set; }

    /// <summary>Throws when a setting is out of range, with a message that names it.</summary>
    /// <exception cref="ArgumentException">A setting is not valid.</exception>
    public void Validate()
    {
        if (MinimumGroupSize < 0)
        {
            throw new ArgumentException($"AnalyticsOptions.MinimumGroupSize must be 0 (off) or more; it is {MinimumGroupSize}.", nameof(MinimumGroupSize));
        }

        if (SeatActiveWithinDays is < 1 or > 365)
        {
            throw new ArgumentException($"AnalyticsOptions.SeatActiveWithinDays must be between 1 and 365; it is {SeatActiveWithinDays}.", nameof(SeatActiveWithinDays));
        }

        if (PseudonymSecret is { Length: < MinimumPseudonymSecretLength })
        {
            throw new ArgumentException($"AnalyticsOptions.PseudonymSecret must have at least {MinimumPseudonymSecretLength} characters (it has {PseudonymSecret.Length}).", nameof(PseudonymSecret));
        }
    }
}
