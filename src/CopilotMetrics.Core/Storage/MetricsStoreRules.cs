using System.Globalization;

namespace CopilotMetrics.Storage;

/// <summary>
/// The argument rules of the store contract, in one place, so that every <see cref="IMetricsStore"/> rejects the
/// same input with the same message. A store calls these at the top of each member; the record checks of a day's
/// stream are in <see cref="DayRecordValidator"/>.
/// </summary>
public static class MetricsStoreRules
{
    /// <summary>The largest page of <see cref="IMetricsReader.GetUserTotalsAsync"/>.</summary>
    public const int MaxUserTotalsLimit = 1000;

    /// <summary>The weekly rolling window of <see cref="IMetricsReader.GetActiveUsersAsync"/>: the 7 days ending on a day.</summary>
    public const int WeeklyWindowDays = 7;

    /// <summary>The monthly rolling window of <see cref="IMetricsReader.GetActiveUsersAsync"/>: the 28 days ending on a day, as GitHub counts <c>monthly_active_users</c>.</summary>
    public const int MonthlyWindowDays = 28;

    /// <summary>Throws when <paramref name="scope"/> is the default value (no kind, no name).</summary>
    /// <param name="scope">The scope.</param>
    /// <exception cref="ArgumentException">The scope is not set.</exception>
    public static void ValidateScope(MetricsScope scope)
    {
        if (scope.Name is null)
        {
            throw new ArgumentException("The scope is not set (default MetricsScope); use MetricsScope.Organization or MetricsScope.Enterprise.", nameof(scope));
        }
    }

    /// <summary>Throws when the page or sort of a per-user totals query is out of range.</summary>
    /// <param name="query">The query.</param>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative offset, a limit outside 1..<see cref="MaxUserTotalsLimit"/>, or an unknown sort.</exception>
    public static void ValidateQuery(UserTotalsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Offset, "UserTotalsQuery.Offset must not be negative.");
        }

        if (query.Limit is < 1 or > MaxUserTotalsLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, string.Create(CultureInfo.InvariantCulture, $"UserTotalsQuery.Limit must be between 1 and {MaxUserTotalsLimit}."));
        }

        if (!Enum.IsDefined(query.SortBy))
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.SortBy, "Unknown UserTotalsQuery.SortBy.");
        }
    }

    /// <summary>Throws when <paramref name="dimension"/> is not a defined <see cref="BreakdownDimension"/>.</summary>
    /// <param name="dimension">The dimension.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not defined.</exception>
    public static void ValidateDimension(BreakdownDimension dimension)
    {
        if (!Enum.IsDefined(dimension))
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Unknown breakdown dimension.");
        }
    }

    /// <summary>Throws when <paramref name="dataset"/> is not a defined <see cref="SyncDataset"/>.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not defined.</exception>
    public static void ValidateDataset(SyncDataset dataset)
    {
        if (!Enum.IsDefined(dataset))
        {
            throw new ArgumentOutOfRangeException(nameof(dataset), dataset, "Unknown dataset.");
        }
    }

    /// <summary>Throws when the activity window of a seat query is negative.</summary>
    /// <param name="activeWithinDays">Days.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static void ValidateActiveWithinDays(int activeWithinDays) =>
        ArgumentOutOfRangeException.ThrowIfNegative(activeWithinDays);

    /// <summary>Throws when a claim has no owner or no positive duration.</summary>
    /// <param name="key">The report-day.</param>
    /// <param name="owner">The worker's id.</param>
    /// <param name="duration">How long the claim lasts.</param>
    /// <exception cref="ArgumentException">The scope is not set, or the owner is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The duration is not positive.</exception>
    public static void ValidateClaim(SyncDayKey key, string owner, TimeSpan duration)
    {
        ValidateScope(key.Scope);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
    }
}
