using CopilotMetrics.Storage;

namespace CopilotMetrics.Analytics;

/// <summary>
/// The analytics over a store: questions about every Copilot surface (agents, code review, the CLI, the app, pull
/// requests, repositories, adoption phases, AI credits, seats), answered from the reading role of any store, with
/// the privacy rules of <see cref="AnalyticsOptions"/> applied to every answer. Thread-safe; one instance per store.
/// </summary>
public sealed partial class CopilotAnalytics
{
    /// <summary>Creates the analytics over <paramref name="reader"/>.</summary>
    /// <param name="reader">The store's reading role.</param>
    /// <param name="options">The privacy and cost settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are not valid (see <see cref="AnalyticsOptions.Validate"/>).</exception>
    public CopilotAnalytics(IMetricsReader reader, AnalyticsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new AnalyticsOptions();
        options.Validate();
        Reader = reader;
        Options = options;
    }

    /// <summary>The store's reading role the answers come from.</summary>
    public IMetricsReader Reader { get; }

    /// <summary>The privacy and cost settings applied to every answer.</summary>
    public AnalyticsOptions Options { get; }

    /// <summary>Whether a group (a team, a repository, a breakdown key) of <paramref name="users"/> users is below the minimum group size and must be suppressed.</summary>
    internal bool IsSuppressed(int users) => Options.MinimumGroupSize > 0 && users < Options.MinimumGroupSize;
}
