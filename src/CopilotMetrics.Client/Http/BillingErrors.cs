using System.Net;

namespace CopilotMetrics.Http;

/// <summary>The hints of <see cref="GitHubApiException"/> for the billing endpoints, whose permissions differ from the reports'.</summary>
internal static class BillingErrors
{
    /// <summary>The hint for an error of <c>…/settings/billing/ai_credit/usage</c>; <see langword="null"/> for the usual one.</summary>
    public static string? AiCreditUsageHint(HttpStatusCode status, ScopeKind kind) => (status, kind) switch
    {
        (HttpStatusCode.BadRequest, _) =>
            "GitHub rejected the filters: the year has four digits, the month is 1-12, the day 1-31 and a date that exists, and usage is kept for 24 months only.",
        (HttpStatusCode.Forbidden, ScopeKind.Organization) =>
            "An organization's AI-credit usage is visible to administrators of the organization only: use a token of an organization owner (or of a GitHub App with access to the organization's billing).",
        (HttpStatusCode.Forbidden, _) =>
            "An enterprise's AI-credit usage needs an enterprise owner or billing manager, a custom role with read access to enterprise billing, or a GitHub App installed on the enterprise with read access to enterprise billing.",
        (HttpStatusCode.NotFound, ScopeKind.Organization) =>
            "GitHub does not know this organization, the token cannot see its billing, or the organization is not on GitHub's usage-based billing platform. " +
            "The organization and cost_center_id filters exist on the enterprise endpoint only (/enterprises/{enterprise}/settings/billing/ai_credit/usage).",
        (HttpStatusCode.NotFound, _) =>
            "GitHub does not know this enterprise, the token cannot see its billing, or a filter names an organization or cost center the enterprise does not have.",
        _ => null,
    };

    /// <summary>The hint for an error of <c>/orgs/{org}/copilot/billing</c>; <see langword="null"/> for the usual one.</summary>
    public static string? CopilotBillingHint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Forbidden =>
            "Only organization owners can see the Copilot subscription; classic tokens need manage_billing:copilot or read:org.",
        HttpStatusCode.NotFound =>
            "GitHub does not know this organization, the token cannot see it, or the organization has no Copilot Business or Copilot Enterprise subscription.",
        HttpStatusCode.UnprocessableEntity =>
            "GitHub reports a problem with the payment method of the organization's account: an owner must fix it in the organization's billing settings.",
        _ => null,
    };
}
