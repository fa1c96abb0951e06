using System.Net;
using CopilotMetrics.Billing;
using RichardSzalay.MockHttp;
using static CopilotMetrics.Client.Tests.ClientHarness;

namespace CopilotMetrics.Client.Tests;

public sealed class AiCreditUsageTests
{
    private static readonly MetricsScope Org = MetricsScope.Organization("octo");
    private static readonly MetricsScope Ent = MetricsScope.Enterprise("acme");

    /// <summary>An organization answer with every property of GitHub's <c>billing-ai-credit-usage-report-org</c> schema, and two GitHub has not added yet.</summary>
    private const string OrgAnswer = """
        {
          "timePeriod": { "year": 2026, "month": 6, "day": 3 },
          "organization": "octo",
          "user": "mona",
          "product": "Copilot",
          "model": "GPT-5",
          "usageItems": [
            { "product": "Copilot", "sku": "Copilot AI Credits", "model": "GPT-5", "unitType": "credits",
              "pricePerUnit": 0.01, "grossQuantity": 123.45, "grossAmount": 1.2345, "discountQuantity": 100,
              "discountAmount": 1.0, "netQuantity": 23.45, "netAmount": 0.2345, "surface": "cli" },
            { "product": "Copilot", "sku": "Copilot AI Credits", "model": "Claude Sonnet 4.6", "unitType": "credits",
              "pricePerUnit": 0.01, "grossQuantity": 0.3, "grossAmount": 0.003, "discountQuantity": 0.3,
              "discountAmount": 0.003, "netQuantity": 0, "netAmount": 0 }
          ],
          "currency": "USD"
        }
        """;

    private const string EnterpriseAnswer = """
        {
          "timePeriod": { "year": 2026, "month": 6 },
          "enterprise": "acme",
          "organization": "acme-labs",
          "costCenter": { "id": "2eeb8ffe-6903-11ee-8c99-0242ac120002", "name": "Engineering" },
          "usageItems": []
        }
        """;

    public static TheoryData<string, AiCreditUsageQuery, string> Requests() => new()
    {
        { "org:octo", AiCreditUsageQuery.ForDay(new DateOnly(2026, 6, 3)) with { User = "mona" }, "organizations/octo/settings/billing/ai_credit/usage?year=2026&month=6&day=3&user=mona" },
        { "org:octo", new AiCreditUsageQuery(), "organizations/octo/settings/billing/ai_credit/usage" },
        { "org:octo", new AiCreditUsageQuery { Model = "GPT-5", Product = "Copilot", User = "a b&c" }, "organizations/octo/settings/billing/ai_credit/usage?user=a%20b%26c&model=GPT-5&product=Copilot" },
        {
            "enterprise:acme",
            AiCreditUsageQuery.ForMonth(2026, 7) with { Organization = "acme-labs", User = "mona", Model = "GPT-5", Product = "Copilot", CostCenterId = AiCreditUsageQuery.NoCostCenter },
            "enterprises/acme/settings/billing/ai_credit/usage?year=2026&month=7&organization=acme-labs&user=mona&model=GPT-5&product=Copilot&cost_center_id=none"
        },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Each_query_sends_exactly_the_request_GitHub_documents(string scopeText, AiCreditUsageQuery query, string pathAndQuery)
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json("""{"timePeriod":{"year":2026},"usageItems":[]}"""));

        await harness.Client.GetAiCreditUsageAsync(MetricsScope.Parse(scopeText), query);

        var sent = Assert.Single(harness.ApiRequests);
        Assert.Equal(HttpMethod.Get, sent.Method);
        Assert.Equal(ApiBase + pathAndQuery, sent.Uri.AbsoluteUri);
        Assert.Equal("application/vnd.github+json", sent.Accept);
        Assert.Equal(["2026-03-10"], sent.ApiVersions);
        Assert.Equal($"Bearer {Token}", sent.Authorization);
        Assert.StartsWith("CopilotMetrics/", sent.UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_organization_answer_is_typed_with_exact_decimals_and_keeps_unknown_properties()
    {
        using var harness = new ClientHarness();
        harness.Api.When(ApiBase + "organizations/octo/settings/billing/ai_credit/usage").Respond(_ => Json(OrgAnswer));

        var report = await harness.Client.GetAiCreditUsageForDayAsync(Org, new DateOnly(2026, 6, 3));

        Assert.Equal((2026, 6, 3), (report.TimePeriod.Year, report.TimePeriod.Month, report.TimePeriod.Day));
        Assert.Equal("octo", report.Organization);
        Assert.Null(report.Enterprise);
        Assert.Null(report.CostCenter);
        Assert.Equal(("mona", "Copilot", "GPT-5"), (report.User, report.Product, report.Model));
        Assert.Equal(2, report.UsageItems.Count);
        var first = report.UsageItems[0];
        Assert.Equal(("Copilot", "Copilot AI Credits", "GPT-5", "credits"), (first.Product, first.Sku, first.Model, first.UnitType));
        Assert.Equal(0.01m, first.PricePerUnit);
        Assert.Equal(123.45m, first.GrossQuantity);
        Assert.Equal(1.2345m, first.GrossAmount);
        Assert.Equal(100m, first.DiscountQuantity);
        Assert.Equal(1.0m, first.DiscountAmount);
        Assert.Equal(23.45m, first.NetQuantity);
        Assert.Equal(0.2345m, first.NetAmount);
        Assert.Equal("cli", first.AdditionalProperties!["surface"].GetString());
        Assert.Null(report.UsageItems[1].AdditionalProperties);
        Assert.Equal(123.75m, report.UsageItems.Sum(i => i.GrossQuantity));
        Assert.Equal("USD", Assert.Single(report.AdditionalProperties!).Value.GetString());
        Assert.Null(report.TimePeriod.AdditionalProperties);
    }

    [Fact]
    public async Task An_enterprise_answer_carries_the_enterprise_and_the_cost_center()
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json(EnterpriseAnswer));

        var report = await harness.Client.GetAiCreditUsageAsync(Ent, AiCreditUsageQuery.ForMonth(2026, 6) with { Organization = "acme-labs", CostCenterId = "2eeb8ffe-6903-11ee-8c99-0242ac120002" });

        Assert.Equal("acme", report.Enterprise);
        Assert.Equal("acme-labs", report.Organization);
        Assert.Equal(("2eeb8ffe-6903-11ee-8c99-0242ac120002", "Engineering"), (report.CostCenter!.Id, report.CostCenter.Name));
        Assert.Equal((2026, 6, (int?)null), (report.TimePeriod.Year, report.TimePeriod.Month, report.TimePeriod.Day));
        Assert.Empty(report.UsageItems);
        Assert.Null(report.AdditionalProperties);
    }

    [Theory]
    [InlineData("organization")]
    [InlineData("cost_center_id")]
    public async Task Enterprise_only_filters_are_refused_for_an_organization_before_any_request(string filter)
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json(OrgAnswer));
        var query = filter == "organization" ? new AiCreditUsageQuery { Organization = "octo" } : new AiCreditUsageQuery { CostCenterId = AiCreditUsageQuery.NoCostCenter };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.GetAiCreditUsageAsync(Org, query));

        Assert.Contains("enterprise endpoint only", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.ApiRequests);
    }

    [Fact]
    public void The_query_refuses_values_GitHub_would_reject()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AiCreditUsageQuery { Month = 13 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new AiCreditUsageQuery { Month = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new AiCreditUsageQuery { Day = 32 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new AiCreditUsageQuery { Year = 26 });
        Assert.Throws<ArgumentException>(() => new AiCreditUsageQuery { User = " " });
        Assert.Throws<ArgumentException>(() => new AiCreditUsageQuery { CostCenterId = "" });
        Assert.False(new AiCreditUsageQuery { User = "mona", Model = "x", Product = "y" }.HasEnterpriseOnlyFilters);
        Assert.True(new AiCreditUsageQuery { CostCenterId = "none" }.HasEnterpriseOnlyFilters);
        Assert.Equal(new AiCreditUsageQuery { Year = 2026, Month = 2, Day = 28 }, AiCreditUsageQuery.ForDay(new DateOnly(2026, 2, 28)));
    }

    [Fact]
    public async Task A_day_that_does_not_exist_is_refused_before_any_request()
    {
        using var harness = new ClientHarness();

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.GetAiCreditUsageAsync(Org, new AiCreditUsageQuery { Year = 2026, Month = 2, Day = 30 }));

        Assert.Empty(harness.ApiRequests);
    }

    [Theory]
    [InlineData("""{"timePeriod":{"year":2026,"month":6,"day":4},"usageItems":[]}""", true)]
    [InlineData("""{"timePeriod":{"year":2026,"month":5,"day":3},"usageItems":[]}""", true)]
    [InlineData("""{"timePeriod":{"year":2025,"month":6,"day":3},"usageItems":[]}""", true)]
    [InlineData("""{"timePeriod":{"year":2026,"month":6,"day":3},"usageItems":[]}""", false)]
    [InlineData("""{"timePeriod":{"year":2026},"usageItems":[]}""", false)]
    public async Task The_usage_of_another_period_than_the_one_asked_is_refused(string answer, bool refused)
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json(answer));

        var call = harness.Client.GetAiCreditUsageForDayAsync(Org, new DateOnly(2026, 6, 3));

        if (refused)
        {
            var error = await Assert.ThrowsAsync<CopilotMetricsException>(() => call);
            Assert.Contains("not of 2026-06-03", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty((await call).UsageItems);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("""{"timePeriod":{"year":2026}}""")]
    [InlineData("""{"usageItems":[]}""")]
    [InlineData("""{"timePeriod":null,"usageItems":[]}""")]
    [InlineData("""{"timePeriod":{"year":2026},"usageItems":null}""")]
    [InlineData("""{"timePeriod":{"year":2026},"usageItems":[null]}""")]
    [InlineData("""{"timePeriod":{"year":2026},"usageItems":[{"product":"Copilot","sku":"Copilot AI Credits","model":"GPT-5","unitType":"credits","pricePerUnit":0.01,"grossAmount":1,"discountQuantity":0,"discountAmount":0,"netQuantity":100,"netAmount":1}]}""")]
    [InlineData("""{"timePeriod":{"year":2026},"usageItems":[{"product":"Copilot","grossQuantity":"100"}]}""")]
    public async Task An_answer_that_is_not_a_usage_report_is_a_clear_error(string answer)
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json(answer));

        var error = await Assert.ThrowsAsync<CopilotMetricsException>(() => harness.Client.GetAiCreditUsageAsync(Org, new AiCreditUsageQuery()));

        Assert.IsNotType<GitHubApiException>(error);
        Assert.Contains("/organizations/octo/settings/billing/ai_credit/usage", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("org:octo", HttpStatusCode.NotFound, "enterprise endpoint only")]
    [InlineData("org:octo", HttpStatusCode.Forbidden, "administrators of the organization")]
    [InlineData("enterprise:acme", HttpStatusCode.NotFound, "cost center")]
    [InlineData("enterprise:acme", HttpStatusCode.Forbidden, "billing manager")]
    [InlineData("enterprise:acme", HttpStatusCode.BadRequest, "24 months")]
    [InlineData("org:octo", HttpStatusCode.Unauthorized, "CopilotMetrics:Token")]
    public async Task Errors_carry_the_status_and_a_hint_for_the_billing_endpoint(string scopeText, HttpStatusCode status, string hint)
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json("""{"message":"Not Found","documentation_url":"https://docs.github.com/rest/billing/usage"}""", status));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => harness.Client.GetAiCreditUsageAsync(MetricsScope.Parse(scopeText), new AiCreditUsageQuery { User = "mona" }));

        Assert.Equal(status, error.StatusCode);
        Assert.Contains(hint, error.Hint, StringComparison.Ordinal);
        Assert.Equal("ABCD:1234", error.RequestId);
        Assert.EndsWith("/settings/billing/ai_credit/usage", error.RequestPath, StringComparison.Ordinal);
        Assert.DoesNotContain("mona", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_error_is_retried_by_the_same_pipeline_as_the_reports()
    {
        using var harness = new ClientHarness(o => o.MaxRetries = 2);
        var calls = 0;
        harness.Api.When("*").Respond(_ => Interlocked.Increment(ref calls) == 1 ? new HttpResponseMessage(HttpStatusCode.BadGateway) : Json(OrgAnswer));

        var call = harness.Client.GetAiCreditUsageForDayAsync(Org, new DateOnly(2026, 6, 3));
        await harness.AdvanceUntilDone(call, TimeSpan.FromMinutes(5));

        Assert.Equal(2, (await call).UsageItems.Count);
        Assert.Equal(2, harness.ApiRequests.Count);
    }
}

public sealed class CopilotBillingTests
{
    /// <summary>Every property of GitHub's <c>copilot-organization-details</c> schema, and one it has not added yet.</summary>
    private const string Answer = """
        {
          "seat_breakdown": { "total": 12, "added_this_cycle": 2, "pending_invitation": 1, "pending_cancellation": 1, "active_this_cycle": 9, "inactive_this_cycle": 3 },
          "seat_management_setting": "assign_selected",
          "ide_chat": "enabled",
          "platform_chat": "disabled",
          "cli": "unconfigured",
          "public_code_suggestions": "block",
          "plan_type": "business",
          "coding_agent": "enabled"
        }
        """;

    [Fact]
    public async Task The_subscription_is_asked_at_the_documented_path_and_typed()
    {
        using var harness = new ClientHarness();
        harness.Api.When(ApiBase + "orgs/octo/copilot/billing").Respond(_ => Json(Answer));

        var billing = await harness.Client.GetCopilotBillingAsync(MetricsScope.Organization("octo"));

        var sent = Assert.Single(harness.ApiRequests);
        Assert.Equal(ApiBase + "orgs/octo/copilot/billing", sent.Uri.AbsoluteUri);
        Assert.Equal(["2026-03-10"], sent.ApiVersions);
        var seats = billing.SeatBreakdown;
        Assert.Equal((12, 2, 1, 1, 9, 3), (seats.Total, seats.AddedThisCycle, seats.PendingInvitation, seats.PendingCancellation, seats.ActiveThisCycle, seats.InactiveThisCycle));
        Assert.Equal(("assign_selected", "enabled", "disabled", "unconfigured", "block", "business"), (billing.SeatManagementSetting, billing.IdeChat, billing.PlatformChat, billing.Cli, billing.PublicCodeSuggestions, billing.PlanType));
        Assert.Equal("enabled", Assert.Single(billing.AdditionalProperties!).Value.GetString());
    }

    [Fact]
    public async Task Only_the_documented_fields_are_required()
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json("""{"seat_breakdown":{},"seat_management_setting":"disabled","public_code_suggestions":"allow"}"""));

        var billing = await harness.Client.GetCopilotBillingAsync(MetricsScope.Organization("octo"));

        Assert.Null(billing.SeatBreakdown.Total);
        Assert.Null(billing.IdeChat);
        Assert.Null(billing.PlanType);

        foreach (var incomplete in new[] { """{"seat_breakdown":{},"public_code_suggestions":"allow"}""", """{"seat_breakdown":null,"seat_management_setting":"disabled","public_code_suggestions":"allow"}""" })
        {
            harness.Api.Clear();
            harness.Api.When("*").Respond(_ => Json(incomplete));
            await Assert.ThrowsAsync<CopilotMetricsException>(() => harness.Client.GetCopilotBillingAsync(MetricsScope.Organization("octo")));
        }
    }

    [Fact]
    public async Task An_enterprise_is_refused_before_any_request()
    {
        using var harness = new ClientHarness();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.GetCopilotBillingAsync(MetricsScope.Enterprise("acme")));

        Assert.Contains("organizations only", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.ApiRequests);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "manage_billing:copilot")]
    [InlineData(HttpStatusCode.NotFound, "no Copilot Business or Copilot Enterprise subscription")]
    [InlineData(HttpStatusCode.UnprocessableEntity, "payment method")]
    public async Task Errors_carry_a_hint_for_the_subscription_endpoint(HttpStatusCode status, string hint)
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json("""{"message":"nope"}""", status));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => harness.Client.GetCopilotBillingAsync(MetricsScope.Organization("octo")));

        Assert.Equal(status, error.StatusCode);
        Assert.Contains(hint, error.Hint, StringComparison.Ordinal);
        Assert.Equal("/orgs/octo/copilot/billing", error.RequestPath);
    }
}
