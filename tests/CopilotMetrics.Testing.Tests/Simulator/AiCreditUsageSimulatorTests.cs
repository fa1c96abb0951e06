using System.Net;
using System.Text.Json;
using CopilotMetrics.Billing;
using CopilotMetrics.Reports;
using CopilotMetrics.Testing;
using static CopilotMetrics.Testing.Tests.Simulator.GitHubSimulatorProtocolTests;
using static CopilotMetrics.Testing.Tests.Simulator.SimulatorHarness;
using static CopilotMetrics.Tests.TestFiles;

namespace CopilotMetrics.Testing.Tests.Simulator;

/// <summary>The simulator's billing endpoints, through the real client and with a plain <see cref="HttpClient"/>.</summary>
public sealed class AiCreditUsageSimulatorTests
{
    /// <summary>Wednesday 2026-07-15 09:30 UTC: usage is billed up to 2026-07-14, reports are served up to 2026-07-13.</summary>
    private static readonly DateTimeOffset July = new(2026, 7, 15, 9, 30, 0, TimeSpan.Zero);

    /// <summary>The harness's populations, written out again so that the oracle is an independent generator.</summary>
    private static readonly ReportDataGeneratorOptions OrgData = new() { Seed = 11, Users = 40, Teams = 4 };
    private static readonly ReportDataGeneratorOptions EntData = new() { Seed = 12, Users = 60, Teams = 5, OrganizationId = null };

    /// <summary>One AI credit in USD, as GitHub's docs give it.</summary>
    private const decimal CreditPrice = 0.01m;

    private static ReportDataGeneratorOptions DataOf(MetricsScope scope) => scope == Org ? OrgData : EntData;

    /// <summary>The property names of GitHub's schemas (REST description 2026-03-10, org and GHEC), written out independently of the records.</summary>
    private static readonly HashSet<string> ReportProperties = ["timePeriod", "organization", "enterprise", "user", "product", "model", "costCenter", "usageItems"];
    private static readonly HashSet<string> ItemProperties = ["product", "sku", "model", "unitType", "pricePerUnit", "grossQuantity", "grossAmount", "discountQuantity", "discountAmount", "netQuantity", "netAmount"];
    private static readonly HashSet<string> PeriodProperties = ["year", "month", "day"];

    public static TheoryData<string> Scopes => new() { "org:octo-org", "enterprise:octo-ent" };

    [Theory]
    [MemberData(nameof(Scopes))]
    public async Task Each_users_billed_credits_are_the_ai_credits_used_of_their_users_1_day_record(string scopeText)
    {
        var scope = MetricsScope.Parse(scopeText);
        using var harness = new SimulatorHarness(start: July);
        var oracle = new ReportDataGenerator(DataOf(scope));
        var checkedUsers = 0;
        foreach (var day in new[] { new DateOnly(2026, 6, 19), new DateOnly(2026, 6, 22), new DateOnly(2026, 7, 8), new DateOnly(2026, 7, 14) })
        {
            var users = oracle.GenerateUsers(day).ToList();
            var dayTotal = 0m;
            foreach (var user in users)
            {
                var report = await harness.Client.GetAiCreditUsageAsync(scope, AiCreditUsageQuery.ForDay(day) with { User = user.UserLogin });
                var expected = (decimal?)user.AiCreditsUsed ?? 0m;
                Assert.Equal(expected, report.UsageItems.Sum(i => i.GrossQuantity));
                Assert.Equal(user.UserLogin, report.User);
                dayTotal += expected;
                checkedUsers += expected > 0 ? 1 : 0;
            }

            var whole = await harness.Client.GetAiCreditUsageForDayAsync(scope, day);
            Assert.Equal(dayTotal, whole.UsageItems.Sum(i => i.GrossQuantity));
            Assert.True(dayTotal > 0, $"the generator bills nobody on {day}: the test would prove nothing");
            Assert.Equal((day.Year, day.Month, day.Day), (whole.TimePeriod.Year, whole.TimePeriod.Month!.Value, whole.TimePeriod.Day!.Value));
        }

        Assert.True(checkedUsers > 40, $"only {checkedUsers} users with credits were compared");

        // The report the simulator serves for a day carries the same ai_credits_used as the independent generator.
        var served = await ToListAsync(harness.Client.ReadUsersAsync(scope, new DateOnly(2026, 7, 8)));
        Assert.Equal(oracle.GenerateUsers(new DateOnly(2026, 7, 8)).Select(u => (u.UserLogin, u.AiCreditsUsed)), served.Select(u => (u.UserLogin, u.AiCreditsUsed)));
    }

    [Fact]
    public async Task A_user_without_a_record_that_day_has_no_usage_and_logins_match_in_any_case()
    {
        using var harness = new SimulatorHarness(start: July);
        var day = new DateOnly(2026, 7, 8);
        var active = new ReportDataGenerator(OrgData).GenerateUsers(day).First(u => u.AiCreditsUsed > 0);

        var upper = await harness.Client.GetAiCreditUsageAsync(Org, AiCreditUsageQuery.ForDay(day) with { User = active.UserLogin.ToUpperInvariant() });
        var nobody = await harness.Client.GetAiCreditUsageAsync(Org, AiCreditUsageQuery.ForDay(day) with { User = "not-a-user" });

        Assert.Equal((decimal)active.AiCreditsUsed!.Value, upper.UsageItems.Sum(i => i.GrossQuantity));
        Assert.Empty(nobody.UsageItems);
    }

    [Theory]
    [InlineData("2026-05-31")]
    [InlineData("2026-06-01")]
    [InlineData("2026-06-18")]
    [InlineData("2026-07-15")]
    [InlineData("2026-07-20")]
    [InlineData("2026-03-09")]
    public async Task Days_before_AI_credits_without_ai_credits_used_or_not_over_have_no_usage(string dayText)
    {
        using var harness = new SimulatorHarness(start: July);
        var day = DateOnly.Parse(dayText, System.Globalization.CultureInfo.InvariantCulture);

        var org = await harness.Client.GetAiCreditUsageForDayAsync(Org, day);
        var ent = await harness.Client.GetAiCreditUsageForDayAsync(Ent, day);

        Assert.Empty(org.UsageItems);
        Assert.Empty(ent.UsageItems);
        Assert.Equal("octo-org", org.Organization);
        Assert.Equal("octo-ent", ent.Enterprise);
    }

    [Fact]
    public async Task Items_are_priced_at_one_cent_a_credit_and_covered_by_the_included_credits()
    {
        using var harness = new SimulatorHarness(start: July);

        var june = await harness.Client.GetAiCreditUsageAsync(Ent, AiCreditUsageQuery.ForMonth(2026, 6));

        Assert.NotEmpty(june.UsageItems);
        Assert.Contains(june.UsageItems, i => i.Product == "Copilot" && i.Sku == "Copilot AI Credits");
        Assert.Equal(june.UsageItems.Count, june.UsageItems.Select(i => (i.Product, i.Sku, i.Model)).Distinct().Count());
        Assert.All(june.UsageItems, i =>
        {
            Assert.Equal("credits", i.UnitType);
            Assert.Equal(CreditPrice, i.PricePerUnit);
            Assert.True(i.GrossQuantity > 0);
            Assert.Equal(i.GrossQuantity * CreditPrice, i.GrossAmount);
            Assert.Equal(i.GrossQuantity, i.DiscountQuantity + i.NetQuantity);
            Assert.Equal(i.GrossAmount, i.DiscountAmount + i.NetAmount);
            Assert.Equal(0m, i.NetAmount);
        });
    }

    [Fact]
    public async Task A_month_is_the_sum_of_its_days()
    {
        using var harness = new SimulatorHarness(start: July);

        var month = await harness.Client.GetAiCreditUsageAsync(Org, AiCreditUsageQuery.ForMonth(2026, 6));
        var days = new List<AiCreditUsageItem>();
        for (var d = new DateOnly(2026, 6, 1); d.Month == 6; d = d.AddDays(1))
        {
            days.AddRange((await harness.Client.GetAiCreditUsageForDayAsync(Org, d)).UsageItems);
        }

        Assert.Equal(Totals(days), Totals(month.UsageItems));
        Assert.Equal((2026, 6, (int?)null), (month.TimePeriod.Year, month.TimePeriod.Month!.Value, month.TimePeriod.Day));
        var oracle = new ReportDataGenerator(OrgData);
        var expected = Enumerable.Range(1, 30).SelectMany(d => oracle.GenerateUsers(new DateOnly(2026, 6, d))).Sum(u => (decimal?)u.AiCreditsUsed ?? 0m);
        Assert.Equal(expected, month.UsageItems.Sum(i => i.GrossQuantity));
    }

    [Fact]
    public async Task Model_product_organization_and_cost_center_filters_partition_the_usage()
    {
        using var harness = new SimulatorHarness(start: July);
        var query = AiCreditUsageQuery.ForMonth(2026, 7);
        var all = await harness.Client.GetAiCreditUsageAsync(Ent, query);
        var total = all.UsageItems.Sum(i => i.GrossQuantity);
        Assert.True(total > 0);

        var models = all.UsageItems.Select(i => i.Model).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(models.Count >= 3, "the usage is split over a few models");
        foreach (var model in models)
        {
            var filtered = await harness.Client.GetAiCreditUsageAsync(Ent, query with { Model = model.ToUpperInvariant() });
            Assert.All(filtered.UsageItems, i => Assert.Equal(model, i.Model));
            Assert.Equal(all.UsageItems.Where(i => i.Model == model).Sum(i => i.GrossQuantity), filtered.UsageItems.Sum(i => i.GrossQuantity));
        }

        var products = all.UsageItems.Select(i => i.Product).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(products.Count >= 2, "the usage is split over a few products");
        var byProduct = 0m;
        foreach (var product in products)
        {
            var filtered = await harness.Client.GetAiCreditUsageAsync(Ent, query with { Product = product });
            Assert.All(filtered.UsageItems, i => Assert.Equal(product, i.Product));
            byProduct += filtered.UsageItems.Sum(i => i.GrossQuantity);
        }

        Assert.Equal(total, byProduct);

        // The enterprise's organizations, as its seats list them.
        var organizations = (await ToListAsync(harness.Client.GetSeatsAsync(Ent))).Select(s => s.Organization!.Login!).Distinct(StringComparer.Ordinal).ToList();
        Assert.Equal(3, organizations.Count);
        var byOrganization = new List<decimal>();
        foreach (var organization in organizations)
        {
            var filtered = await harness.Client.GetAiCreditUsageAsync(Ent, query with { Organization = organization });
            Assert.Equal(organization, filtered.Organization);
            byOrganization.Add(filtered.UsageItems.Sum(i => i.GrossQuantity));
        }

        Assert.Equal(total, byOrganization.Sum());
        Assert.All(byOrganization, part => Assert.InRange(part, 0.01m, total - 0.01m));

        var byCostCenter = new List<decimal>();
        foreach (var (id, name) in new[] { ("cc-engineering", "Engineering"), ("cc-research", "Research"), (AiCreditUsageQuery.NoCostCenter, null) })
        {
            var filtered = await harness.Client.GetAiCreditUsageAsync(Ent, query with { CostCenterId = id });
            Assert.Equal(name, filtered.CostCenter?.Name);
            byCostCenter.Add(filtered.UsageItems.Sum(i => i.GrossQuantity));
        }

        Assert.Equal(total, byCostCenter.Sum());
        Assert.All(byCostCenter, part => Assert.InRange(part, 0.01m, total - 0.01m));
    }

    [Theory]
    [MemberData(nameof(Scopes))]
    public async Task The_answers_hold_only_the_properties_of_GitHubs_schema(string scopeText)
    {
        var scope = MetricsScope.Parse(scopeText);
        using var harness = new SimulatorHarness(start: July);
        var user = new ReportDataGenerator(DataOf(scope)).GenerateUsers(new DateOnly(2026, 7, 8)).First(u => u.AiCreditsUsed > 0).UserLogin;
        var path = scope.Kind == ScopeKind.Organization
            ? $"organizations/octo-org/settings/billing/ai_credit/usage?year=2026&month=7&day=8&user={user}&product=Copilot"
            : $"enterprises/octo-ent/settings/billing/ai_credit/usage?year=2026&month=7&day=8&user={user}&product=Copilot&cost_center_id=cc-research";

        using var response = await Get(harness.Sim, path);
        var json = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5000", response.Headers.GetValues("x-ratelimit-limit").Single());
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Subset(ReportProperties, Names(root));
        Assert.Subset(PeriodProperties, Names(root.GetProperty("timePeriod")));
        Assert.All(root.GetProperty("usageItems").EnumerateArray(), item => Assert.Equal(ItemProperties, Names(item)));
        var report = ReportJson.Deserialize<AiCreditUsageReport>(json);
        Assert.Null(report.AdditionalProperties);
        Assert.Null(report.TimePeriod.AdditionalProperties);
        Assert.Null(report.CostCenter?.AdditionalProperties);
        Assert.All(report.UsageItems, i => Assert.Null(i.AdditionalProperties));
        Assert.Equal(scope.Kind == ScopeKind.Organization ? "octo-org" : null, report.Organization);
        Assert.Equal(scope.Kind == ScopeKind.Enterprise ? "octo-ent" : null, report.Enterprise);
        Assert.Equal((user, "Copilot"), (report.User, report.Product));
    }

    [Theory]
    [InlineData("organizations/octo-org/settings/billing/ai_credit/usage?cost_center_id=none", HttpStatusCode.BadRequest)]
    [InlineData("organizations/octo-org/settings/billing/ai_credit/usage?organization=octo-org", HttpStatusCode.BadRequest)]
    [InlineData("organizations/octo-org/settings/billing/ai_credit/usage?month=13", HttpStatusCode.BadRequest)]
    [InlineData("organizations/octo-org/settings/billing/ai_credit/usage?year=2026&month=2&day=30", HttpStatusCode.BadRequest)]
    [InlineData("organizations/octo-org/settings/billing/ai_credit/usage?year=26", HttpStatusCode.BadRequest)]
    [InlineData("enterprises/octo-ent/settings/billing/ai_credit/usage?cost_center_id=cc-unknown", HttpStatusCode.NotFound)]
    [InlineData("organizations/nobody/settings/billing/ai_credit/usage", HttpStatusCode.NotFound)]
    [InlineData("organizations/octo-ent/settings/billing/ai_credit/usage", HttpStatusCode.NotFound)]
    [InlineData("orgs/octo-org/settings/billing/ai_credit/usage", HttpStatusCode.NotFound)]
    [InlineData("enterprises/octo-ent/copilot/billing", HttpStatusCode.NotFound)]
    [InlineData("orgs/octo-ent/copilot/billing", HttpStatusCode.NotFound)]
    [InlineData("organizations/octo-org/settings/billing/ai_credit/usage?month=6", HttpStatusCode.OK)]
    [InlineData("enterprises/octo-ent/settings/billing/ai_credit/usage?cost_center_id=NONE&organization=octo-ent-core", HttpStatusCode.OK)]
    public async Task Invalid_requests_are_answered_like_GitHub_would(string path, HttpStatusCode status)
    {
        using var harness = new SimulatorHarness(start: July);

        using var response = await Get(harness.Sim, path);

        Assert.Equal(status, response.StatusCode);
        if (status != HttpStatusCode.OK)
        {
            using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("message").GetString()));
        }
    }

    [Fact]
    public async Task The_billing_endpoints_need_the_token_and_one_api_version()
    {
        using var harness = new SimulatorHarness(start: July);

        using var anonymous = await Get(harness.Sim, "organizations/octo-org/settings/billing/ai_credit/usage", null);
        using var twoVersions = await Get(harness.Sim, "orgs/octo-org/copilot/billing", GitHubSimulator.DefaultToken, "2022-11-28", "2026-03-10");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twoVersions.StatusCode);
    }

    [Fact]
    public async Task The_subscription_is_counted_from_the_seats()
    {
        using var harness = new SimulatorHarness(start: July);

        var billing = await harness.Client.GetCopilotBillingAsync(Org);
        var seats = await ToListAsync(harness.Client.GetSeatsAsync(Org));

        var cycle = new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);
        var breakdown = billing.SeatBreakdown;
        Assert.Equal(seats.Count, breakdown.Total);
        Assert.Equal(seats.Count(s => s.PendingCancellationDate is not null), breakdown.PendingCancellation);
        Assert.Equal(seats.Count(s => s.LastActivityAt >= cycle), breakdown.ActiveThisCycle);
        Assert.Equal(seats.Count - breakdown.ActiveThisCycle, breakdown.InactiveThisCycle);
        Assert.Equal(seats.Count(s => s.CreatedAt >= cycle), breakdown.AddedThisCycle);
        Assert.Equal(0, breakdown.PendingInvitation);
        Assert.True(breakdown.ActiveThisCycle > 0);
        Assert.Equal("business", billing.PlanType);
        Assert.Contains(billing.PublicCodeSuggestions, new[] { "allow", "block", "unconfigured" });
        Assert.Contains(billing.SeatManagementSetting, new[] { "assign_all", "assign_selected", "disabled", "unconfigured" });
        Assert.Null(billing.AdditionalProperties);
        Assert.Null(breakdown.AdditionalProperties);
        await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.GetCopilotBillingAsync(Ent));
    }

    private static HashSet<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    private static Dictionary<(string, string, string), decimal> Totals(IEnumerable<AiCreditUsageItem> items) =>
        items.GroupBy(i => (i.Product, i.Sku, i.Model)).ToDictionary(g => g.Key, g => g.Sum(i => i.GrossQuantity));
}
