using CopilotMetrics.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;
using static CopilotMetrics.Client.Tests.ClientHarness;

namespace CopilotMetrics.Client.Tests;

/// <summary>
/// The options' rules, through the source-generated validator (data annotations) and the cross-field rules: each
/// fails both at start-up (<c>ValidateOnStart</c>, i.e. <see cref="IStartupValidator"/>) and at the first
/// <see cref="IOptions{TOptions}.Value"/>, with a message that names the setting. OptionsTests (SeatsAndAuthTests.cs)
/// checks that a few bad values are named at start-up; these check each rule, both ends of each range, the exact
/// <c>CopilotMetrics:</c> key, and both ways of meeting the rule.
/// </summary>
public sealed class OptionsValidationTests
{
    private static ServiceProvider Provider(Action<CopilotMetricsOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddCopilotMetrics(o =>
        {
            o.Token = "t";
            configure(o);
        });
        return services.BuildServiceProvider();
    }

    /// <summary>The failures at start-up and at <see cref="IOptions{TOptions}.Value"/> (each on a fresh provider); both must throw.</summary>
    private static (IReadOnlyList<string> AtStart, IReadOnlyList<string> AtValue) Failures(Action<CopilotMetricsOptions> configure)
    {
        using var first = Provider(configure);
        var atStart = Assert.Throws<OptionsValidationException>(() => first.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal(typeof(CopilotMetricsOptions), atStart.OptionsType);

        using var second = Provider(configure);
        var atValue = Assert.Throws<OptionsValidationException>(() => second.GetRequiredService<IOptions<CopilotMetricsOptions>>().Value);
        Assert.Equal(atStart.Failures, atValue.Failures);
        return (atStart.Failures.ToList(), atValue.Failures.ToList());
    }

    private static void AssertValid(Action<CopilotMetricsOptions> configure)
    {
        using var provider = Provider(configure);
        provider.GetRequiredService<IStartupValidator>().Validate();
        _ = provider.GetRequiredService<IOptions<CopilotMetricsOptions>>().Value; // does not throw
    }

    private static Action<CopilotMetricsOptions> Setting(string what) => what switch
    {
        "MaxRetries=-1" => o => o.MaxRetries = -1,
        "MaxRetries=21" => o => o.MaxRetries = 21,
        "SeatsPageSize=0" => o => o.SeatsPageSize = 0,
        "SeatsPageSize=101" => o => o.SeatsPageSize = 101,
        "RetryBaseDelay=0" => o => o.RetryBaseDelay = TimeSpan.Zero,
        "RetryBaseDelay=1h+1ms" => o => o.RetryBaseDelay = TimeSpan.FromHours(1) + TimeSpan.FromMilliseconds(1),
        "MaxRateLimitWait=0" => o => o.MaxRateLimitWait = TimeSpan.Zero,
        "MaxRateLimitWait=2d" => o => o.MaxRateLimitWait = TimeSpan.FromDays(2),
        "AttemptTimeout=0" => o => o.AttemptTimeout = TimeSpan.Zero,
        "AttemptTimeout=1d+1ms" => o => (o.AttemptTimeout, o.TotalTimeout) = (TimeSpan.FromDays(1) + TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1)),
        "AttemptTimeout=00:00:00.009" => o => (o.AttemptTimeout, o.TotalTimeout) = (TimeSpan.FromMilliseconds(9), TimeSpan.FromSeconds(1)),
        "TotalTimeout=-1s" => o => (o.AttemptTimeout, o.TotalTimeout) = (TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(-1)),
        "TotalTimeout=1d+1ms" => o => o.TotalTimeout = TimeSpan.FromDays(1) + TimeSpan.FromMilliseconds(1),
        "ApiVersion=" => o => o.ApiVersion = "",
        "ApiVersion=null" => o => o.ApiVersion = null!,
        "ApiVersion=v2026-03-10" => o => o.ApiVersion = "v2026-03-10",
        "ApiVersion=20260310" => o => o.ApiVersion = "20260310",
        "ApiVersion=2026-03-10 " => o => o.ApiVersion = "2026-03-10 ",
        "BaseAddress=null" => o => o.BaseAddress = null!,
        "Reader=null" => o => o.Reader = null!,
        "Reader:MaxRecordBytes=1023" => o => o.Reader.MaxRecordBytes = 1023,
        "Reader:BufferSize=15" => o => o.Reader.BufferSize = 15,
        "Reader:MalformedLines=7" => o => o.Reader.MalformedLines = (MalformedLineHandling)7,
        _ => throw new ArgumentOutOfRangeException(nameof(what), what, "unknown case"),
    };

    public static TheoryData<string, string> AnnotationRules => new()
    {
        { "RetryBaseDelay=0", "CopilotMetrics:RetryBaseDelay must be between 00:00:00.0010000 and 01:00:00." },
        { "RetryBaseDelay=1h+1ms", "CopilotMetrics:RetryBaseDelay must be between 00:00:00.0010000 and 01:00:00." },
        { "MaxRateLimitWait=0", "CopilotMetrics:MaxRateLimitWait must be between 00:00:00.0010000 and 1.00:00:00." },
        { "MaxRateLimitWait=2d", "CopilotMetrics:MaxRateLimitWait must be between 00:00:00.0010000 and 1.00:00:00." },
        { "AttemptTimeout=0", "CopilotMetrics:AttemptTimeout must be between 00:00:00.0100000 and 1.00:00:00 (the resilience pipeline's timeout bounds)." },
        { "AttemptTimeout=1d+1ms", "CopilotMetrics:AttemptTimeout must be between 00:00:00.0100000 and 1.00:00:00 (the resilience pipeline's timeout bounds)." },
        { "TotalTimeout=-1s", "CopilotMetrics:TotalTimeout must be between 00:00:00.0100000 and 1.00:00:00 (the resilience pipeline's timeout bounds)." },
        { "TotalTimeout=1d+1ms", "CopilotMetrics:TotalTimeout must be between 00:00:00.0100000 and 1.00:00:00 (the resilience pipeline's timeout bounds)." },
        { "ApiVersion=", "CopilotMetrics:ApiVersion is required: one calendar version such as 2026-03-10." },
        { "ApiVersion=null", "CopilotMetrics:ApiVersion is required: one calendar version such as 2026-03-10." },
        { "ApiVersion=v2026-03-10", "CopilotMetrics:ApiVersion must be one calendar version such as 2026-03-10." },
        { "ApiVersion=20260310", "CopilotMetrics:ApiVersion must be one calendar version such as 2026-03-10." },
        { "ApiVersion=2026-03-10 ", "CopilotMetrics:ApiVersion must be one calendar version such as 2026-03-10." },
        { "BaseAddress=null", "CopilotMetrics:BaseAddress is required: an absolute URL such as https://api.github.com/." },
        { "Reader=null", "CopilotMetrics:Reader must not be null." },
    };

    [Theory]
    [MemberData(nameof(AnnotationRules))]
    public void A_data_annotation_rule_fails_at_start_up_and_at_first_use_with_its_CopilotMetrics_key(string setting, string message)
    {
        var (atStart, _) = Failures(Setting(setting));

        Assert.Contains(atStart, f => f.Contains(message, StringComparison.Ordinal));
    }

    /// <summary>The [Range] rules and the nested reader options: they fail at start-up and at first use, naming the member and the bounds.</summary>
    public static TheoryData<string, string, string> RangeRules => new()
    {
        { "MaxRetries=-1", "MaxRetries", "between 0 and 20" },
        { "MaxRetries=21", "MaxRetries", "between 0 and 20" },
        { "SeatsPageSize=0", "SeatsPageSize", "between 1 and 100" },
        { "SeatsPageSize=101", "SeatsPageSize", "between 1 and 100" },
        { "Reader:MaxRecordBytes=1023", "Reader.MaxRecordBytes", "1024" },
        { "Reader:BufferSize=15", "Reader.BufferSize", "16" },
        { "Reader:MalformedLines=7", "MalformedLines", "Throw or Skip" },
    };

    [Theory]
    [MemberData(nameof(RangeRules))]
    public void A_range_rule_fails_at_start_up_and_at_first_use_naming_the_member_and_the_bounds(string setting, string member, string bounds)
    {
        var (atStart, _) = Failures(Setting(setting));

        var failure = Assert.Single(atStart);
        Assert.Contains(member, failure, StringComparison.Ordinal);
        Assert.Contains(bounds, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxRetries=21", "CopilotMetrics:MaxRetries must be between 0 and 20.")]
    [InlineData("SeatsPageSize=0", "CopilotMetrics:SeatsPageSize must be between 1 and 100.")]
    [InlineData("AttemptTimeout=00:00:00.009", "CopilotMetrics:AttemptTimeout must be between 00:00:00.0100000 and 1.00:00:00")]
    // The reader options live in Core, whose standard attributes the source generator reports in its own words (it
    // drops RangeAttribute's ErrorMessage, dotnet/runtime#123137): the message names the member path and the bounds.
    [InlineData("Reader:MaxRecordBytes=1023", "CopilotMetricsOptions.Reader.MaxRecordBytes must be between 1024 and")]
    [InlineData("Reader:BufferSize=15", "CopilotMetricsOptions.Reader.BufferSize must be between 16 and")]
    [InlineData("Reader:MalformedLines=7", "MalformedLines")]
    public void A_range_rule_names_its_CopilotMetrics_key(string setting, string message)
    {
        var (atStart, _) = Failures(Setting(setting));

        Assert.Contains(atStart, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_bounds_themselves_are_valid()
    {
        AssertValid(o => (o.MaxRetries, o.SeatsPageSize) = (0, 1));
        AssertValid(o => (o.MaxRetries, o.SeatsPageSize) = (20, 100));
        AssertValid(o => (o.RetryBaseDelay, o.MaxRateLimitWait) = (TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)));
        AssertValid(o => (o.RetryBaseDelay, o.MaxRateLimitWait) = (TimeSpan.FromHours(1), TimeSpan.FromDays(1)));
        AssertValid(o => (o.AttemptTimeout, o.TotalTimeout) = (TimeSpan.FromDays(1), TimeSpan.FromDays(1)));
        AssertValid(o => (o.AttemptTimeout, o.TotalTimeout) = (TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)));
        AssertValid(o => (o.AttemptTimeout, o.TotalTimeout) = (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5))); // equal is not shorter
        AssertValid(o => o.ApiVersion = "2022-11-28");
        AssertValid(o => (o.Reader.MaxRecordBytes, o.Reader.BufferSize, o.Reader.MalformedLines) = (1024, 16, MalformedLineHandling.Skip));
    }

    public static TheoryData<string, string> CrossFieldRules => new()
    {
        { "TotalTimeout<AttemptTimeout", "CopilotMetrics:TotalTimeout (00:05:00) must not be shorter than AttemptTimeout (00:10:00)." },
        { "http to a remote host", "CopilotMetrics:BaseAddress must use https (got http): the token must not travel in clear text." },
        { "relative BaseAddress", "CopilotMetrics:BaseAddress must be an absolute URL such as https://api.github.com/." },
        { "ScopeTokens key without kind", "CopilotMetrics:ScopeTokens key 'octo' is not a scope: write org:NAME or enterprise:SLUG." },
        { "ScopeTokens key of another kind", "CopilotMetrics:ScopeTokens key 'team:octo' is not a scope: write org:NAME or enterprise:SLUG." },
        { "ScopeTokens keys naming one scope", "CopilotMetrics:ScopeTokens keys 'org:Octo' and 'organization:octo' name the same scope org:octo: keep one." },
        { "no credentials", "No GitHub credentials: set CopilotMetrics:Token (a token with read:org or manage_billing:copilot / read:enterprise), CopilotMetrics:ScopeTokens, CopilotMetrics:GitHubApp, or register a GitHubTokenProvider." },
        { "App without id", "CopilotMetrics:GitHubApp:AppId is missing." },
        { "App key file missing", "CopilotMetrics:GitHubApp:PrivateKeyPath '/nonexistent/copilot-metrics-app.pem' does not exist." },
    };

    [Theory]
    [MemberData(nameof(CrossFieldRules))]
    public void A_cross_field_rule_fails_at_start_up_and_at_first_use_naming_the_setting(string rule, string message)
    {
        Action<CopilotMetricsOptions> configure = rule switch
        {
            "TotalTimeout<AttemptTimeout" => o => (o.AttemptTimeout, o.TotalTimeout) = (TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5)),
            "http to a remote host" => o => o.BaseAddress = new Uri("http://ghe.example.com/api/"),
            "relative BaseAddress" => o => o.BaseAddress = new Uri("api/", UriKind.Relative),
            "ScopeTokens key without kind" => o => o.ScopeTokens["octo"] = "x",
            "ScopeTokens key of another kind" => o => o.ScopeTokens["team:octo"] = "x",
            "ScopeTokens keys naming one scope" => o => (o.ScopeTokens["org:Octo"], o.ScopeTokens["organization:octo"]) = ("x", "y"),
            "no credentials" => o => o.Token = null,
            "App without id" => o => (o.Token, o.GitHubApp) = (null, new GitHubAppCredentials { PrivateKey = "-----BEGIN RSA PRIVATE KEY-----" }),
            "App key file missing" => o => (o.Token, o.GitHubApp) = (null, new GitHubAppCredentials { AppId = "1", PrivateKeyPath = "/nonexistent/copilot-metrics-app.pem" }),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown case"),
        };

        var (atStart, _) = Failures(configure);

        Assert.Equal(message, Assert.Single(atStart));
    }

    [Theory]
    [InlineData("http://localhost:5000/")]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("http://[::1]/")]
    [InlineData("https://api.octo.ghe.com/")]
    public void Https_or_a_loopback_address_is_a_valid_BaseAddress(string address)
    {
        AssertValid(o => o.BaseAddress = new Uri(address));
    }

    [Fact]
    public void Every_broken_rule_is_named_at_once()
    {
        var (atStart, _) = Failures(o =>
        {
            o.Token = null;
            o.ApiVersion = "latest";
            o.RetryBaseDelay = TimeSpan.Zero;
            o.ScopeTokens["octo"] = "x";
            o.BaseAddress = new Uri("http://ghe.example.com/");
        });

        Assert.Contains(atStart, f => f.Contains("CopilotMetrics:ApiVersion must be one calendar version", StringComparison.Ordinal));
        Assert.Contains(atStart, f => f.Contains("CopilotMetrics:RetryBaseDelay must be between", StringComparison.Ordinal));
        Assert.Contains(atStart, f => f.Contains("CopilotMetrics:ScopeTokens key 'octo'", StringComparison.Ordinal));
        Assert.Contains(atStart, f => f.Contains("CopilotMetrics:BaseAddress must use https", StringComparison.Ordinal));
        Assert.Equal(4, atStart.Count); // a ScopeTokens entry counts as credentials, even one with a bad key
    }

    [Theory]
    [InlineData(0.010, 1800)]
    [InlineData(100, 86400)]
    public async Task Any_timeouts_the_options_accept_can_be_used_by_a_request(double attemptSeconds, double totalSeconds)
    {
        using var harness = new ClientHarness(o => (o.AttemptTimeout, o.TotalTimeout) = (TimeSpan.FromSeconds(attemptSeconds), TimeSpan.FromSeconds(totalSeconds)));
        harness.Provider.GetRequiredService<IStartupValidator>().Validate();
        harness.Api.When("*").Respond(_ => Json(Envelope("2026-06-03", Files + "a")));

        var links = await harness.Client.GetReportLinksAsync(MetricsScope.Organization("octo"), ReportType.Users1Day, new DateOnly(2026, 6, 3));

        Assert.Equal(new Uri(Files + "a"), Assert.Single(links!.DownloadLinks));
    }
}
