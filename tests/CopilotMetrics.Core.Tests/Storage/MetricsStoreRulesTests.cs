using CopilotMetrics.Storage;

namespace CopilotMetrics.Core.Tests.Storage;

public sealed class MetricsStoreRulesTests
{
    private static readonly SyncDayKey Key = new(MetricsScope.Organization("acme"), SyncDataset.Users, new DateOnly(2026, 6, 1));

    [Fact]
    public void A_default_scope_is_refused_with_ArgumentException_for_scope()
    {
        var error = Assert.Throws<ArgumentException>(() => MetricsStoreRules.ValidateScope(default));

        Assert.Equal("scope", error.ParamName);
        Assert.Contains("default MetricsScope", error.Message, StringComparison.Ordinal);
        MetricsStoreRules.ValidateScope(MetricsScope.Organization("acme"));
        MetricsStoreRules.ValidateScope(MetricsScope.Enterprise("acme"));
    }

    [Fact]
    public void A_null_query_is_refused_with_ArgumentNullException()
    {
        Assert.Equal("query", Assert.Throws<ArgumentNullException>(() => MetricsStoreRules.ValidateQuery(null!)).ParamName);
    }

    [Theory]
    [InlineData(-1, 50, -1, "Offset must not be negative")]
    [InlineData(int.MinValue, 50, int.MinValue, "Offset must not be negative")]
    [InlineData(0, 0, 0, "Limit must be between 1 and 1000")]
    [InlineData(0, -5, -5, "Limit must be between 1 and 1000")]
    [InlineData(0, 1001, 1001, "Limit must be between 1 and 1000")]
    public void A_query_page_out_of_range_is_refused_with_the_value(int offset, int limit, int actual, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => MetricsStoreRules.ValidateQuery(new UserTotalsQuery { Offset = offset, Limit = limit }));

        Assert.Equal("query", error.ParamName);
        Assert.Equal(actual, error.ActualValue);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_sort_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => MetricsStoreRules.ValidateQuery(new UserTotalsQuery { SortBy = (UserTotalsSort)6 }));

        Assert.Equal("query", error.ParamName);
        Assert.Equal((UserTotalsSort)6, error.ActualValue);
    }

    [Fact]
    public void The_edges_of_a_valid_query_pass()
    {
        Assert.Equal(1000, MetricsStoreRules.MaxUserTotalsLimit);
        MetricsStoreRules.ValidateQuery(new UserTotalsQuery { Offset = 0, Limit = 1 });
        MetricsStoreRules.ValidateQuery(new UserTotalsQuery { Offset = int.MaxValue, Limit = 1000 });
        foreach (var sort in Enum.GetValues<UserTotalsSort>())
        {
            MetricsStoreRules.ValidateQuery(new UserTotalsQuery { SortBy = sort, Descending = false });
        }
    }

    [Fact]
    public void An_undefined_dimension_or_dataset_is_refused_with_its_parameter()
    {
        var dimension = Assert.Throws<ArgumentOutOfRangeException>(() => MetricsStoreRules.ValidateDimension((BreakdownDimension)4));
        Assert.Equal(("dimension", (object?)(BreakdownDimension)4), (dimension.ParamName, dimension.ActualValue));
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => MetricsStoreRules.ValidateDimension((BreakdownDimension)(-1))).ParamName);
        foreach (var defined in Enum.GetValues<BreakdownDimension>())
        {
            MetricsStoreRules.ValidateDimension(defined);
        }

        var dataset = Assert.Throws<ArgumentOutOfRangeException>(() => MetricsStoreRules.ValidateDataset((SyncDataset)6));
        Assert.Equal(("dataset", (object?)(SyncDataset)6), (dataset.ParamName, dataset.ActualValue));
        foreach (var defined in Enum.GetValues<SyncDataset>())
        {
            MetricsStoreRules.ValidateDataset(defined);
        }
    }

    [Fact]
    public void A_negative_activity_window_is_refused_and_zero_is_not()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => MetricsStoreRules.ValidateActiveWithinDays(-1));

        Assert.Equal(("activeWithinDays", (object?)(-1)), (error.ParamName, error.ActualValue));
        MetricsStoreRules.ValidateActiveWithinDays(0);
        MetricsStoreRules.ValidateActiveWithinDays(28);
    }

    [Fact]
    public void A_claim_needs_a_scope_an_owner_and_a_positive_duration()
    {
        Assert.Equal("scope", Assert.Throws<ArgumentException>(() => MetricsStoreRules.ValidateClaim(Key with { Scope = default }, "w", TimeSpan.FromMinutes(1))).ParamName);
        Assert.Equal("owner", Assert.Throws<ArgumentNullException>(() => MetricsStoreRules.ValidateClaim(Key, null!, TimeSpan.FromMinutes(1))).ParamName);
        Assert.Equal("owner", Assert.Throws<ArgumentException>(() => MetricsStoreRules.ValidateClaim(Key, "", TimeSpan.FromMinutes(1))).ParamName);
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => MetricsStoreRules.ValidateClaim(Key, "w", TimeSpan.Zero));
        Assert.Equal(("duration", (object?)TimeSpan.Zero), (zero.ParamName, zero.ActualValue));
        Assert.Equal("duration", Assert.Throws<ArgumentOutOfRangeException>(() => MetricsStoreRules.ValidateClaim(Key, "w", TimeSpan.FromTicks(-1))).ParamName);

        MetricsStoreRules.ValidateClaim(Key, "w", TimeSpan.FromTicks(1));
    }
}
