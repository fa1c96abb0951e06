namespace CopilotMetrics.Core.Tests;

public sealed class MetricsScopeTests
{
    [Theory]
    [InlineData("org:Octo", "org:octo")]
    [InlineData("org:OCTO-org", "organization:octo-ORG")]
    [InlineData("enterprise:Big-Corp", "ent:big-corp")]
    public void Names_differing_only_in_ascii_case_are_the_same_scope(string a, string b)
    {
        var x = MetricsScope.Parse(a);
        var y = MetricsScope.Parse(b);

        Assert.True(x == y);
        Assert.Equal(x, y);
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
        Assert.Single(new HashSet<MetricsScope> { x, y });
        Assert.Equal(new SyncKeyLike(x, 1), new SyncKeyLike(y, 1));
    }

    [Fact]
    public void The_name_is_kept_as_written()
    {
        var scope = MetricsScope.Parse("org:Octo-Org");

        Assert.Equal("Octo-Org", scope.Name);
        Assert.Equal("org:Octo-Org", scope.ToString());
    }

    [Theory]
    [InlineData("org:octo", "enterprise:octo")] // the kind counts
    [InlineData("org:octo", "org:octo2")]
    [InlineData("org:Caf\u00E9", "org:caf\u00C9")] // only ASCII letters fold, as PostgreSQL's lower(… COLLATE "C")
    [InlineData("org:\u212Aelvin", "org:kelvin")] // KELVIN SIGN is not K
    public void Other_scopes_are_not_equal(string a, string b)
    {
        Assert.NotEqual(MetricsScope.Parse(a), MetricsScope.Parse(b));
        Assert.True(MetricsScope.Parse(a) != MetricsScope.Parse(b));
    }

    [Fact]
    public void The_default_scope_equals_only_itself()
    {
        Assert.Equal(default, default(MetricsScope));
        Assert.NotEqual(default, MetricsScope.Organization("octo"));
        _ = default(MetricsScope).GetHashCode();
    }

    private readonly record struct SyncKeyLike(MetricsScope Scope, int Day);
}
