using System.Globalization;
using CopilotMetrics.Billing;
using CopilotMetrics.Http;

namespace CopilotMetrics;

/// <content>AI-credit usage and the Copilot subscription (GitHub's billing endpoints).</content>
public partial class CopilotMetricsClient
{
    /// <summary>
    /// Asks GitHub for the AI-credit usage of an organization (<c>GET /organizations/{org}/settings/billing/ai_credit/usage</c>)
    /// or an enterprise (<c>GET /enterprises/{enterprise}/settings/billing/ai_credit/usage</c>): the usage of the query's
    /// period, one item per product, SKU and model, for its filters. Days without usage give an empty
    /// <see cref="AiCreditUsageReport.UsageItems"/>.
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="query">The period and the filters; <see cref="AiCreditUsageQuery.Organization"/> and <see cref="AiCreditUsageQuery.CostCenterId"/> for an enterprise only.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The usage report.</returns>
    /// <exception cref="ArgumentException">An enterprise-only filter for an organization, or a year, month and day that are no date; nothing was sent.</exception>
    /// <exception cref="GitHubApiException">400, 403, 404 or another error; <see cref="GitHubApiException.Hint"/> says what to do.</exception>
    /// <exception cref="RateLimitExceededException">The rate limit asks for a longer wait than <see cref="CopilotMetricsOptions.MaxRateLimitWait"/>.</exception>
    /// <exception cref="CopilotMetricsException">GitHub's answer is not a usage report, or is the report of another period.</exception>
    public virtual async Task<AiCreditUsageReport> GetAiCreditUsageAsync(MetricsScope scope, AiCreditUsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (scope.Kind == ScopeKind.Organization && query.HasEnterpriseOnlyFilters)
        {
            throw new ArgumentException(
                $"{scope} is an organization: the organization and cost_center_id filters exist on GitHub's enterprise endpoint only. Leave AiCreditUsageQuery.Organization and CostCenterId null, or ask the enterprise.",
                nameof(query));
        }

        if (query is { Year: { } y, Month: { } m, Day: { } d } && d > DateTime.DaysInMonth(y, m))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{y:D4}-{m:D2}-{d:D2} is not a date."), nameof(query));
        }

        var uri = new Uri(_options.CurrentValue.BaseAddress, BillingPaths.AiCreditUsage(scope, query));
        var period = BillingPaths.Period(query);
        using var activity = CopilotMetricsTelemetry.ActivitySource.StartActivity("copilot_metrics.get_ai_credit_usage");
        activity?.SetTag("copilot_metrics.scope", scope.ToString());
        activity?.SetTag("copilot_metrics.period", period);
        Log.RequestingAiCreditUsage(_logger, scope, period);

        var report = await GetApiJsonAsync(scope, uri, "ai_credit_usage", ClientJsonContext.Default.AiCreditUsageReport, s => BillingErrors.AiCreditUsageHint(s, scope.Kind), cancellationToken).ConfigureAwait(false);
        var answered = report.TimePeriod;
        if (answered is null || report.UsageItems is null || report.UsageItems.Any(i => i is null))
        {
            throw new CopilotMetricsException($"GitHub's answer to {uri.AbsolutePath} has a null timePeriod, usageItems or item; not using it.");
        }

        if (answered.Year != (query.Year ?? answered.Year) || (query.Month is { } month && answered.Month is { } am && am != month) || (query.Day is { } day && answered.Day is { } ad && ad != day))
        {
            throw new CopilotMetricsException(string.Create(CultureInfo.InvariantCulture,
                $"GitHub's answer to {uri.AbsolutePath} is the usage of {answered.Year:D4}-{answered.Month?.ToString("D2", CultureInfo.InvariantCulture) ?? "??"}-{answered.Day?.ToString("D2", CultureInfo.InvariantCulture) ?? "??"}, not of {period}; not using it."));
        }

        Log.AiCreditUsage(_logger, scope, period, report.UsageItems.Count, report.UsageItems.Sum(i => i.GrossQuantity));
        return report;
    }

    /// <summary>
    /// The AI-credit usage of one whole day (UTC) of an organization or enterprise: <see cref="GetAiCreditUsageAsync"/>
    /// with <see cref="AiCreditUsageQuery.ForDay"/>. GitHub bills usage as it happens, so ask for a day once it is over.
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="day">The day.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The day's usage report; no items when nothing was used.</returns>
    /// <exception cref="GitHubApiException">400, 403, 404 or another error; <see cref="GitHubApiException.Hint"/> says what to do.</exception>
    /// <exception cref="RateLimitExceededException">The rate limit asks for a longer wait than <see cref="CopilotMetricsOptions.MaxRateLimitWait"/>.</exception>
    /// <exception cref="CopilotMetricsException">GitHub's answer is not a usage report, or is the report of another day.</exception>
    public virtual Task<AiCreditUsageReport> GetAiCreditUsageForDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default) =>
        GetAiCreditUsageAsync(scope, AiCreditUsageQuery.ForDay(day), cancellationToken);

    /// <summary>
    /// Asks GitHub for an organization's Copilot subscription (<c>GET /orgs/{org}/copilot/billing</c>): the seat
    /// breakdown of the current billing cycle and the Copilot policies. GitHub has no enterprise equivalent.
    /// </summary>
    /// <param name="organization">The organization.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The subscription.</returns>
    /// <exception cref="ArgumentException"><paramref name="organization"/> is an enterprise; nothing was sent.</exception>
    /// <exception cref="GitHubApiException">401, 403, 404, 422 or another error; <see cref="GitHubApiException.Hint"/> says what to do.</exception>
    /// <exception cref="RateLimitExceededException">The rate limit asks for a longer wait than <see cref="CopilotMetricsOptions.MaxRateLimitWait"/>.</exception>
    /// <exception cref="CopilotMetricsException">GitHub's answer is not the subscription's JSON.</exception>
    public virtual Task<CopilotBilling> GetCopilotBillingAsync(MetricsScope organization, CancellationToken cancellationToken = default)
    {
        if (organization.Kind != ScopeKind.Organization)
        {
            throw new ArgumentException($"{organization} is an enterprise: GitHub has the Copilot subscription endpoint (/orgs/{{org}}/copilot/billing) for organizations only.", nameof(organization));
        }

        Log.RequestingCopilotBilling(_logger, organization);
        return GetCopilotBillingCoreAsync(organization, cancellationToken);
    }

    private async Task<CopilotBilling> GetCopilotBillingCoreAsync(MetricsScope organization, CancellationToken cancellationToken)
    {
        var uri = new Uri(_options.CurrentValue.BaseAddress, BillingPaths.CopilotBilling(organization));
        var billing = await GetApiJsonAsync(organization, uri, "copilot_billing", ClientJsonContext.Default.CopilotBilling, BillingErrors.CopilotBillingHint, cancellationToken).ConfigureAwait(false);
        return billing.SeatBreakdown is null || billing.PublicCodeSuggestions is null || billing.SeatManagementSetting is null
            ? throw new CopilotMetricsException($"GitHub's answer to {uri.AbsolutePath} has a null seat_breakdown, public_code_suggestions or seat_management_setting; not using it.")
            : billing;
    }

    /// <summary>One GET on the API host whose answer is one JSON object.</summary>
    private async Task<T> GetApiJsonAsync<T>(MetricsScope scope, Uri uri, string operation, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, Func<System.Net.HttpStatusCode, string?> hint, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendApiAsync(scope, uri, operation, hint, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return ParseJson(body, type, uri.AbsolutePath) ?? throw new CopilotMetricsException($"GitHub's answer to {uri.AbsolutePath} is empty (HTTP {(int)response.StatusCode}).");
    }
}
