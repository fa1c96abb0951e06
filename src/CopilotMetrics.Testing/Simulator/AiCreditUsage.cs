using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Testing.Simulation;

/// <summary>One user's AI credits of one day, split over products and models, with the user's billing attributes.</summary>
internal sealed record UserCredits(string Login, string Organization, string? CostCenterId, CreditPart[] Parts);

/// <summary>A share of a user's day: credits used with one product, SKU and model.</summary>
internal readonly record struct CreditPart(string Product, string Sku, string Model, decimal Quantity);

/// <summary>A cost center of a simulated enterprise.</summary>
internal readonly record struct SimulatedCostCenter(string Id, string Name);

/// <summary>The filters of an AI-credit usage request, as the simulator parsed them.</summary>
internal sealed record CreditFilter(string? User, string? Model, string? Product, string? Organization, string? CostCenterId);

/// <summary>
/// The simulator's AI-credit billing. GitHub documents no per-user split, so the simulator makes one, deterministically:
/// a user's credits of a day are exactly the <c>ai_credits_used</c> of the user's <c>users-1-day</c> record, split over
/// the (up to three) models the user chatted with most that day, by their share of user-initiated interactions
/// (<c>auto</c> when the record names none); on about one user-day in seven a share of 10–40 % goes to Spark instead.
/// Shares are cut to whole hundredths and the last share takes the rest, so the parts add up exactly.
/// </summary>
/// <remarks>
/// Prices: one AI credit is USD 0.01 (GitHub's docs, and the <c>pricePerUnit</c> of the REST description's example).
/// The included credits of a Copilot Business seat (1,900 a month) are far more than the simulated users use, so every
/// item is fully covered: the discount equals the gross amount and the net is 0 (an assumption: GitHub's pooling order
/// is not documented). SKU <c>Copilot AI Credits</c> and unit <c>credits</c> are the description's example; the
/// <c>Spark</c> product and its SKU are the simulator's own invention.
/// </remarks>
internal static class AiCreditUsage
{
    /// <summary>The day GitHub started billing Copilot in AI credits.</summary>
    public static readonly DateOnly FirstBilledDay = new(2026, 6, 1);

    /// <summary>USD per AI credit.</summary>
    public const decimal PricePerCredit = 0.01m;

    public const string Copilot = "Copilot";
    public const string CopilotSku = "Copilot AI Credits";
    public const string Spark = "Spark";
    public const string SparkSku = "Spark AI Credits";
    public const string Unit = "credits";
    public const string FallbackModel = "auto";

    private const int MaxModels = 3;
    private static readonly SimulatedCostCenter[] EnterpriseCostCenters = [new("cc-engineering", "Engineering"), new("cc-research", "Research")];
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The cost centers of a scope: none for an organization; for an enterprise <c>cc-engineering</c> (Engineering, about 45 % of the users) and <c>cc-research</c> (Research, 35 %); the others belong to none.</summary>
    public static SimulatedCostCenter[] CostCenters(ScopeState scope) =>
        scope.Scope.Kind == ScopeKind.Organization
            ? []
            : EnterpriseCostCenters;

    /// <summary>The billed credits of every user of a day, from the day's <c>users-1-day</c> records.</summary>
    public static UserCredits[] ForDay(ScopeState scope, DateOnly day, IEnumerable<UserDayRecord> records)
    {
        if (day < FirstBilledDay)
        {
            return [];
        }

        var costCenters = CostCenters(scope);
        var result = new List<UserCredits>();
        foreach (var record in records)
        {
            if ((decimal?)record.AiCreditsUsed is not { } credits || credits <= 0)
            {
                continue;
            }

            var rng = new Mixer(scope.Hash, 0xC8ED, (ulong)record.UserId);
            var organization = scope.SeatOrganizations[rng.Next(scope.SeatOrganizations.Length)].Login;
            var costCenter = costCenters.Length == 0 ? null : rng.Next(100) switch
            {
                < 45 => costCenters[0].Id,
                < 80 => costCenters[1].Id,
                _ => null,
            };
            result.Add(new UserCredits(record.UserLogin, organization, costCenter, Split(scope, day, record, credits)));
        }

        return [.. result];
    }

    /// <summary>The usage items of the users that pass the filter, summed per product, SKU and model, in that order.</summary>
    public static IReadOnlyList<(string Product, string Sku, string Model, decimal Quantity)> Items(IEnumerable<UserCredits> users, CreditFilter filter)
    {
        var sums = new SortedDictionary<(string Product, string Sku, string Model), decimal>(Comparer<(string, string, string)>.Create((a, b) =>
        {
            var c = string.CompareOrdinal(a.Item1, b.Item1);
            c = c != 0 ? c : string.CompareOrdinal(a.Item2, b.Item2);
            return c != 0 ? c : string.CompareOrdinal(a.Item3, b.Item3);
        }));
        foreach (var user in users)
        {
            if (!Matches(filter.User, user.Login) || !Matches(filter.Organization, user.Organization)
                || (filter.CostCenterId is { } cc && !string.Equals(cc, user.CostCenterId ?? "none", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            foreach (var part in user.Parts)
            {
                if (Matches(filter.Model, part.Model) && Matches(filter.Product, part.Product))
                {
                    var key = (part.Product, part.Sku, part.Model);
                    sums[key] = sums.GetValueOrDefault(key) + part.Quantity;
                }
            }
        }

        return sums.Select(p => (p.Key.Product, p.Key.Sku, p.Key.Model, p.Value)).ToList();
    }

    /// <summary>Writes the answer, with GitHub's property names as its REST description spells them.</summary>
    public static byte[] Write(ScopeState scope, int year, int month, int? day, CreditFilter filter, SimulatedCostCenter? costCenter, IReadOnlyList<(string Product, string Sku, string Model, decimal Quantity)> items)
    {
        var output = new ArrayBufferWriter<byte>(512 + (items.Count * 256));
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("timePeriod");
            writer.WriteNumber("year", year);
            writer.WriteNumber("month", month);
            if (day is { } d)
            {
                writer.WriteNumber("day", d);
            }

            writer.WriteEndObject();
            if (scope.Scope.Kind == ScopeKind.Organization)
            {
                writer.WriteString("organization", scope.Scope.Name);
            }
            else
            {
                writer.WriteString("enterprise", scope.Scope.Name);
                WriteIfSet(writer, "organization", filter.Organization);
            }

            WriteIfSet(writer, "user", filter.User);
            WriteIfSet(writer, "product", filter.Product);
            WriteIfSet(writer, "model", filter.Model);
            if (costCenter is { } cc)
            {
                writer.WriteStartObject("costCenter");
                writer.WriteString("id", cc.Id);
                writer.WriteString("name", cc.Name);
                writer.WriteEndObject();
            }

            writer.WriteStartArray("usageItems");
            foreach (var (product, sku, model, quantity) in items)
            {
                var amount = quantity * PricePerCredit;
                writer.WriteStartObject();
                writer.WriteString("product", product);
                writer.WriteString("sku", sku);
                writer.WriteString("model", model);
                writer.WriteString("unitType", Unit);
                writer.WriteNumber("pricePerUnit", PricePerCredit);
                writer.WriteNumber("grossQuantity", quantity);
                writer.WriteNumber("grossAmount", amount);
                writer.WriteNumber("discountQuantity", quantity);
                writer.WriteNumber("discountAmount", amount);
                writer.WriteNumber("netQuantity", 0m);
                writer.WriteNumber("netAmount", 0m);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    private static CreditPart[] Split(ScopeState scope, DateOnly day, UserDayRecord record, decimal credits)
    {
        var models = record.TotalsByModelFeature
            .Where(r => !string.IsNullOrEmpty(r.Model) && r.UserInitiatedInteractionCount > 0)
            .GroupBy(r => r.Model, StringComparer.Ordinal)
            .Select(g => (Model: g.Key, Weight: g.Sum(r => r.UserInitiatedInteractionCount)))
            .OrderByDescending(m => m.Weight)
            .ThenBy(m => m.Model, StringComparer.Ordinal)
            .Take(MaxModels)
            .ToArray();
        if (models.Length == 0)
        {
            models = [(FallbackModel, 1)];
        }

        var parts = new List<CreditPart>(models.Length + 1);
        var rng = new Mixer(scope.Hash, 0xC8EE, (ulong)record.UserId, (ulong)day.DayNumber);
        var rest = credits;
        if (rng.Chance(1.0 / 7))
        {
            var spark = Hundredths(credits * rng.Next(10, 41) / 100m);
            parts.Add(new CreditPart(Spark, SparkSku, models[0].Model, spark));
            rest -= spark;
        }

        var total = models.Sum(m => (decimal)m.Weight);
        var left = rest;
        for (var i = 0; i < models.Length; i++)
        {
            var share = i == models.Length - 1 ? left : Hundredths(rest * models[i].Weight / total);
            parts.Add(new CreditPart(Copilot, CopilotSku, models[i].Model, share));
            left -= share;
        }

        return parts.Where(p => p.Quantity > 0).ToArray();
    }

    /// <summary>Cut (never rounded up) to whole hundredths, so that the shares never exceed the whole.</summary>
    private static decimal Hundredths(decimal value) => Math.Floor(value * 100m) / 100m;

    private static bool Matches(string? filter, string value) => filter is null || string.Equals(filter, value, StringComparison.OrdinalIgnoreCase);

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
