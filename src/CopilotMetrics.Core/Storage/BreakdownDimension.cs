namespace CopilotMetrics.Storage;

/// <summary>A breakdown dimension.</summary>
public enum BreakdownDimension
{
    /// <summary>By IDE (<c>totals_by_ide</c>).</summary>
    Ide = 0,

    /// <summary>By feature (<c>totals_by_feature</c>).</summary>
    Feature = 1,

    /// <summary>By language (<c>totals_by_language_feature</c>, summed over features).</summary>
    Language = 2,

    /// <summary>By model (<c>totals_by_model_feature</c>, summed over features; chat activity only).</summary>
    Model = 3,
}
