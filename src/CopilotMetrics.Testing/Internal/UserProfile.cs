namespace CopilotMetrics.Testing.Internal;

/// <summary>What stays the same about a user from day to day. Derived from (seed, user index) only.</summary>
internal sealed class UserProfile
{
    public required long UserId { get; init; }

    public required string Login { get; init; }

    /// <summary>Multiplies the day's active share (mean 1).</summary>
    public required double ActivityWeight { get; init; }

    /// <summary>Multiplies every count (mean about 1, skewed).</summary>
    public required double Intensity { get; init; }

    public required int Phase { get; init; }

    /// <summary>Per-active-day probability of each <see cref="Feature"/> (agent_edit: given agent mode).</summary>
    public required double[] FeatureProbabilities { get; init; }

    /// <summary>The chat feature added when a day would otherwise have a single feature.</summary>
    public required Feature FallbackChat { get; init; }

    public required int PrimaryIde { get; init; }

    /// <summary>A second IDE, or -1.</summary>
    public required int SecondaryIde { get; init; }

    /// <summary>How many monthly releases behind the newest IDE/plugin version the user runs (0-2).</summary>
    public required int VersionLag { get; init; }

    /// <summary>Profile languages, primary first (1-4), indices into <see cref="Catalog.Languages"/>.</summary>
    public required int[] Languages { get; init; }

    public required int PreferredModel { get; init; }

    public required double CliProbability { get; init; }

    public required double CloudAgentProbability { get; init; }

    public required double CodeReviewProbability { get; init; }

    /// <summary>Pull requests the user creates per active day, on average.</summary>
    public required double PullRequestRate { get; init; }

    /// <summary>Team indices (0-based), ascending.</summary>
    public required int[] Teams { get; init; }

    // From here on: the surfaces GitHub added to the reports in July–September 2026, drawn from their own stream so that the
    // values above stay what they were.

    /// <summary>Per-active-day probability of using the GitHub Copilot app (0 for most users).</summary>
    public required double AppProbability { get; init; }

    /// <summary>Per-active-day probability of using the VS Code Agents window (VS Code users only).</summary>
    public required double VscodeAgentProbability { get; init; }

    /// <summary>Per-active-day probability of starting each third-party agent of <see cref="Catalog.Agents"/>.</summary>
    public required double[] AgentProbabilities { get; init; }

    /// <summary>Per <see cref="Customization"/> (skills to slash commands), the CLI items the user has (keys, see <see cref="Customizations"/>); empty without the CLI.</summary>
    public required int[][] CustomizationKeys { get; init; }
}

/// <summary>The cheap part of a user's day: whether they were active and what they used. Drives the flags and active-user counts.</summary>
internal struct DayPlan
{
    public bool Active;

    /// <summary>Bit set of <see cref="Feature"/>.</summary>
    public int Features;
    public bool Cli;
    public bool CloudAgent;
    public bool? ReviewActive;
    public bool? ReviewPassive;
    public int PullRequestsCreated;
    public int PullRequestsCreatedByCopilot;
    public int PullRequestsReviewed;
    public int PullRequestsMerged;
    public bool App;
    public bool VscodeAgent;

    public readonly bool UsedChat => (Features & Catalog.ChatMask) != 0;

    public readonly bool UsedAgent => (Features & Catalog.AgentMask) != 0;

    public readonly bool Has(Feature feature) => (Features & (1 << (int)feature)) != 0;

    public readonly DayFlags Flags =>
        !Active ? DayFlags.None
        : DayFlags.Active
          | (UsedChat ? DayFlags.Chat : 0)
          | (UsedAgent ? DayFlags.Agent : 0)
          | (CloudAgent ? DayFlags.CloudAgent : 0)
          | (Cli ? DayFlags.Cli : 0)
          | (ReviewActive == true ? DayFlags.ReviewActive : 0)
          | (ReviewPassive == true ? DayFlags.ReviewPassive : 0)
          | (App ? DayFlags.App : 0)
          | (VscodeAgent ? DayFlags.VscodeAgent : 0);
}

[Flags]
internal enum DayFlags : ushort
{
    None = 0,
    Active = 1,
    Chat = 2,
    Agent = 4,
    CloudAgent = 8,
    Cli = 16,
    ReviewActive = 32,
    ReviewPassive = 64,
    App = 128,
    VscodeAgent = 256,
}
