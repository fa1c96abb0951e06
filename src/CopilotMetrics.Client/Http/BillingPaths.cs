using System.Globalization;
using System.Text;
using CopilotMetrics.Billing;

namespace CopilotMetrics.Http;

/// <summary>The billing paths of GitHub's REST API, relative to <see cref="CopilotMetricsOptions.BaseAddress"/>.</summary>
internal static class BillingPaths
{
    /// <summary>
    /// <c>organizations/ORG/settings/billing/ai_credit/usage</c> or <c>enterprises/SLUG/settings/billing/ai_credit/usage</c>
    /// (note <c>organizations</c>, not <c>orgs</c>), with the query's filters in GitHub's parameter order.
    /// </summary>
    public static string AiCreditUsage(MetricsScope scope, AiCreditUsageQuery query)
    {
        var path = new StringBuilder(scope.Kind == ScopeKind.Organization ? "organizations/" : "enterprises/")
            .Append(Uri.EscapeDataString(scope.Name))
            .Append("/settings/billing/ai_credit/usage");
        var separator = '?';
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                path.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }

        Add("year", query.Year?.ToString(CultureInfo.InvariantCulture));
        Add("month", query.Month?.ToString(CultureInfo.InvariantCulture));
        Add("day", query.Day?.ToString(CultureInfo.InvariantCulture));
        Add("organization", query.Organization);
        Add("user", query.User);
        Add("model", query.Model);
        Add("product", query.Product);
        Add("cost_center_id", query.CostCenterId);
        return path.ToString();
    }

    /// <summary><c>orgs/ORG/copilot/billing</c>.</summary>
    public static string CopilotBilling(MetricsScope organization) => $"{GitHubPaths.Prefix(organization)}/copilot/billing";

    /// <summary>The period a query asks for, for logs and messages: <c>2026-06-03</c>, <c>2026-06</c>, <c>2026, current month</c> or <c>current month</c>.</summary>
    public static string Period(AiCreditUsageQuery query) => (query.Year, query.Month, query.Day) switch
    {
        ({ } y, { } m, { } d) => string.Create(CultureInfo.InvariantCulture, $"{y:D4}-{m:D2}-{d:D2}"),
        ({ } y, { } m, null) => string.Create(CultureInfo.InvariantCulture, $"{y:D4}-{m:D2}"),
        (var y, var m, var d) => string.Join(", ", new[]
        {
            y is { } year ? year.ToString(CultureInfo.InvariantCulture) : "current year",
            m is { } month ? string.Create(CultureInfo.InvariantCulture, $"month {month}") : "current month",
            d is { } day ? string.Create(CultureInfo.InvariantCulture, $"day {day}") : null,
        }.Where(p => p is not null)),
    };
}
