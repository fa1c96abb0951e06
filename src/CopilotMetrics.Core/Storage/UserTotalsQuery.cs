namespace CopilotMetrics.Storage;

/// <summary>Sort and page of <see cref="IMetricsReader.GetUserTotalsAsync"/>.</summary>
public sealed record UserTotalsQuery
{
    /// <summary>The sort key. Default interactions.</summary>
    public UserTotalsSort SortBy { get; init; } = UserTotalsSort.Interactions;

    /// <summary>Largest first. Default <see langword="true"/>. Ties are broken by user id, ascending.</summary>
    public bool Descending { get; init; } = true;

    /// <summary>Rows to skip.</summary>
    public int Offset { get; init; }

    /// <summary>Rows to return (1–1000). Default 50.</summary>
    public int Limit { get; init; } = 50;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, 1000);
    }
}
