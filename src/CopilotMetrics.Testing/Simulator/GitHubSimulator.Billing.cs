using System.Globalization;
using System.Net;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using CopilotMetrics.Testing.Simulation;

namespace CopilotMetrics.Testing;

/// <content>
/// GitHub's billing endpoints: AI-credit usage (<c>GET /organizations/{org}/settings/billing/ai_credit/usage</c>,
/// <c>GET /enterprises/{enterprise}/settings/billing/ai_credit/usage</c>) and an organization's Copilot subscription
/// (<c>GET /orgs/{org}/copilot/billing</c>). Faults do not apply to them, and the request log shows them with
/// <see cref="FaultTarget.None"/>.
/// </content>
public sealed partial class GitHubSimulator
{
    private const string BillingDocsUrl = "https://docs.github.com/rest/billing/usage";
    private const string NoCostCenter = "none";

    /// <summary>Answers the billing endpoints; <see langword="null"/> for any other request.</summary>
    private HttpResponseMessage? AnswerBilling(HttpRequestMessage request, Uri uri, string[] segments, SimulatorRequest log)
    {
        if (request.Method != HttpMethod.Get)
        {
            return null;
        }

        switch (segments)
        {
            case ["organizations", var org, "settings", "billing", "ai_credit", "usage"]:
                return AiCreditUsageAnswer(Find(ScopeKind.Organization, org), uri, log);
            case ["enterprises", var enterprise, "settings", "billing", "ai_credit", "usage"]:
                return AiCreditUsageAnswer(Find(ScopeKind.Enterprise, enterprise), uri, log);
            case ["orgs", var org, "copilot", "billing"]:
                return CopilotBillingAnswer(Find(ScopeKind.Organization, org), log);
            default:
                return null;
        }
    }

    private HttpResponseMessage AiCreditUsageAnswer(ScopeState? scope, Uri uri, SimulatorRequest log)
    {
        if (scope is null)
        {
            return GitHubError(HttpStatusCode.NotFound, "Not Found", BillingDocsUrl);
        }

        log.Scope = scope.Scope;
        var query = ParseQuery(uri.Query);
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        if (!TryNumber(query, "year", 1000, 9999, today.Year, out var year, out var error)
            || !TryNumber(query, "month", 1, 12, today.Month, out var month, out error)
            || !TryNumber(query, "day", 1, DateTime.DaysInMonth(year, month), 0, out var day, out error))
        {
            return GitHubError(HttpStatusCode.BadRequest, error!, BillingDocsUrl);
        }

        query.TryGetValue("organization", out var organization);
        query.TryGetValue("cost_center_id", out var costCenterId);
        if (scope.Scope.Kind == ScopeKind.Organization && (organization is not null || costCenterId is not null))
        {
            return GitHubError(HttpStatusCode.BadRequest, $"Invalid request: '{(organization is not null ? "organization" : "cost_center_id")}' is not a parameter of the organization usage report.", BillingDocsUrl);
        }

        SimulatedCostCenter? costCenter = null;
        if (costCenterId is not null && !costCenterId.Equals(NoCostCenter, StringComparison.OrdinalIgnoreCase))
        {
            costCenter = AiCreditUsage.CostCenters(scope).Where(c => c.Id.Equals(costCenterId, StringComparison.OrdinalIgnoreCase)).Select(c => (SimulatedCostCenter?)c).FirstOrDefault();
            if (costCenter is null)
            {
                return GitHubError(HttpStatusCode.NotFound, "Cost center not found", BillingDocsUrl);
            }
        }

        var filter = new CreditFilter(Value(query, "user"), Value(query, "model"), Value(query, "product"), organization, costCenterId);
        var days = day > 0
            ? [new DateOnly(year, month, day)]
            : Enumerable.Range(1, DateTime.DaysInMonth(year, month)).Select(d => new DateOnly(year, month, d));
        var items = AiCreditUsage.Items(days.SelectMany(d => BilledUsers(scope, d)), filter);
        return Json(HttpStatusCode.OK, AiCreditUsage.Write(scope, year, month, day > 0 ? day : null, filter, costCenter, items));
    }

    private HttpResponseMessage CopilotBillingAnswer(ScopeState? scope, SimulatorRequest log)
    {
        if (scope is null)
        {
            return GitHubError(HttpStatusCode.NotFound, "Not Found", SeatsDocsUrl);
        }

        log.Scope = scope.Scope;
        var list = _store.Seats(scope, LastAvailableDay, ApiBaseAddress);
        var seats = list.Seats.Select(s => ReportJson.Deserialize<CopilotSeat>(s)).ToList();
        return Json(HttpStatusCode.OK, CopilotBillingBuilder.Build(seats, list.TotalSeats, _time.GetUtcNow()));
    }

    /// <summary>
    /// The users billed on a day, from the <c>users-1-day</c> records the simulator serves (or will serve) for it; none
    /// for days that are not over yet on the simulator's clock or come before the scope's first day.
    /// </summary>
    private UserCredits[] BilledUsers(ScopeState scope, DateOnly day)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        if (day >= today || day < scope.FirstDay || day < AiCreditUsage.FirstBilledDay)
        {
            return [];
        }

        var revision = scope.RevisionAt(day, scope.Version);
        return _store.Cache.GetOrAdd(
            new CacheKey(scope.Index, CacheKind.DayFile, ReportType.Users1Day, day, revision, Extra: "ai-credits"),
            () => AiCreditUsage.ForDay(scope, day, Parse<UserDayRecord>([_store.DayFile(scope, ReportType.Users1Day, day, revision).Bytes])),
            users => 64L + users.Sum(u => 96L + (u.Parts.Length * 64L)));
    }

    private static string? Value(Dictionary<string, string> query, string name) =>
        query.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static bool TryNumber(Dictionary<string, string> query, string name, int min, int max, int fallback, out int value, out string? error)
    {
        error = null;
        if (!query.TryGetValue(name, out var text))
        {
            value = fallback;
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        error = string.Create(CultureInfo.InvariantCulture, $"Invalid value for \"{name}\": '{text}'. It must be an integer between {min} and {max}.");
        return false;
    }
}
