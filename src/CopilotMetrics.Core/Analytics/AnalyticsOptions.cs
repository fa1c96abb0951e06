namespace CopilotMetrics.Analytics;

/// <summary>The privacy and cost settings of <see cref="CopilotAnalytics"/>.</summary>
public sealed class AnalyticsOptions
{
    /// <summary>The default <see cref="MinimumGroupSize"/>.</summary>
    public const int DefaultMinimumGroupSize = 5;

    /// <summary>
    /// Team, repository and breakdown rows of fewer distinct users than this are suppressed (left out, and counted
    /// as suppressed) in every answer; 0 turns suppression off. Default <see cref="DefaultMinimumGroupSize"/>.
    /// </summary>
    public int MinimumGroupSize { get; set; } = DefaultMinimumGroupSize;

    /// <summary>Throws when a setting is out of range, with a message that names it.</summary>
    /// <exception cref="ArgumentException">A setting is not valid.</exception>
    public void Validate()
    {
        if (MinimumGroupSize < 0)
        {
            throw new ArgumentException($"AnalyticsOptions.MinimumGroupSize must be 0 (off) or more; it is {MinimumGroupSize}.", nameof(MinimumGroupSize));
        }
    }
}
