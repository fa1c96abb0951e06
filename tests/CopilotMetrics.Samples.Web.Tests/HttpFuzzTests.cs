using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>
/// An HTTP fuzz test of every endpoint: requests drawn by a seeded generator (so a failure reproduces from the seed and
/// the request's index) from dates (valid, at the calendar's and GitHub's edges, malformed), ranges, scopes, dimensions,
/// sorts, limits, offsets, repeated parameters and oversized values, with and without the admin secret. Each request
/// goes to the same host twice — in memory and on PostgreSQL, both synced from the same simulator on the same clock —
/// and must answer below 500 on both, with the same status and the same body (problem details without their trace id;
/// /api/info without the store's name; the sync status and health by status code only, as they carry run ids and
/// timings). At least 500 requests per store, bounded by a deadline.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class HttpFuzzTests(PostgresFixture postgres, Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Seed = 20_261_203;
    private const int Requests = 2_000;
    private const int AtLeast = 500;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    private static readonly string?[] Scopes = ["org:octo-org", "enterprise:octo-ent", "ORG:Octo-Org", "organization:octo-org", "org:unknown", "team:x", "", "org:", "enterprise:", "org:octo-org%0a", "%00", "org:%E2%80%AE", null, null];

    private static readonly string?[] Days =
    [
        "2026-06-01", "2026-06-05", "2026-06-10", "2026-06-13", "2026-06-14", "2026-06-15", "2026-06-16", "2026-06-17",
        "2025-10-09", "2025-10-10", "2025-12-12", "2026-01-01", "0001-01-01", "9999-12-31", "1000-01-01", "2026-02-30",
        "2026-6-1", "yesterday", "", " 2026-06-10 ", "20260610", "2026-06-10T00:00:00Z", "-2026-06-10", "%2B2026-06-10", null, null, null,
    ];

    private static readonly string?[] Dimensions = ["ide", "feature", "language", "model", "IDE", "Model", "ide,model", "feature,language", "3", "-1", "", "repository", null];
    private static readonly string?[] Sorts = ["interactions", "generations", "acceptances", "locAdded", "loc_added", "activeDays", "login", "LOGIN", "5", "-1", "login,interactions", "", "karma", null];
    private static readonly string?[] Bools = ["true", "false", "True", "maybe", "1", "", null];
    private static readonly string?[] Numbers = ["0", "1", "5", "50", "1000", "1001", "-1", "abc", "2147483647", "2147483648", "99999999999999999999", "1e3", "0x10", "", null];

    private static readonly string[] Paths =
    [
        "/api/info", "/api/metrics", "/api/metrics/historical", "/api/breakdowns", "/api/teams", "/api/users", "/api/seats",
        "/api/admin/sync-status", "/health", "/api/unknown", "/",
    ];

    [Fact]
    public async Task RandomRequests_ToEveryEndpoint_NeverAnswer5xx_AndBothStoresAnswerAlike()
    {
        await using var memory = new WebAppFactory(Settings(schema: null));
        await using var onPostgres = new WebAppFactory(Settings(schema: postgres.NewSchema()));
        foreach (var factory in new[] { memory, onPostgres })
        {
            var run = await (await factory.CreateAdminClient().PostEmptyAsync("/api/admin/sync")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal("succeeded", run.GetProperty("state").GetString());
        }

        var clients = new[] { (memory.CreateClient(), onPostgres.CreateClient()), (memory.CreateAdminClient(), onPostgres.CreateAdminClient()) };
        var random = new Random(Seed);
        var watch = Stopwatch.StartNew();
        var statuses = new SortedDictionary<int, int>();
        var sent = 0;
        for (; sent < Requests && watch.Elapsed < Deadline; sent++)
        {
            var url = NextUrl(random);
            var (inMemory, postgresClient) = clients[random.Next(clients.Length)];
            var a = await SendAsync(inMemory, url);
            var b = await SendAsync(postgresClient, url);
            var where = $"seed {Seed}, request {sent}: GET {Shorten(url)}\n in memory: {a.Status} {Shorten(a.Body)}\n postgres:  {b.Status} {Shorten(b.Body)}";
            Assert.True(a.Status < 500 && b.Status < 500, where);
            Assert.True(a.Status == b.Status, where);
            if (Comparable(url))
            {
                Assert.True(Normalize(url, a.Body) == Normalize(url, b.Body), where);
            }

            statuses[a.Status] = statuses.GetValueOrDefault(a.Status) + 1;
        }

        output.WriteLine($"seed {Seed}: {sent} requests per store (in memory and on PostgreSQL) in {watch.Elapsed.TotalSeconds:N1} s; answers: {string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"))}");
        Assert.True(sent >= AtLeast, $"only {sent} requests per store in {Deadline}");
        Assert.True(statuses.GetValueOrDefault(200) > 50 && statuses.GetValueOrDefault(400) > 50, string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
    }

    /// <summary>
    /// The same generator against direct mode (no store: <c>/api/metrics</c> downloads from the simulator, the store
    /// endpoints are 404): no 5xx, at least 500 requests, with answers of both kinds.
    /// </summary>
    [Fact]
    public async Task RandomRequests_InDirectMode_NeverAnswer5xx()
    {
        await using var direct = new WebAppFactory(new Dictionary<string, string?>
        {
            ["GITHUB_SIMULATOR"] = "true",
            ["GITHUB_SCOPES"] = "org:octo-org,enterprise:octo-ent",
            ["ADMIN_API_SECRET"] = WebAppFactory.Secret,
        });
        var clients = new[] { direct.CreateClient(), direct.CreateAdminClient() };
        var random = new Random(Seed + 1);
        var watch = Stopwatch.StartNew();
        var statuses = new SortedDictionary<int, int>();
        var sent = 0;
        for (; sent < Requests && watch.Elapsed < Deadline; sent++)
        {
            var url = NextUrl(random);
            var answer = await SendAsync(clients[random.Next(clients.Length)], url);
            Assert.True(answer.Status < 500, $"seed {Seed + 1}, request {sent}: GET {Shorten(url)}\n {answer.Status} {Shorten(answer.Body)}");
            statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
        }

        output.WriteLine($"seed {Seed + 1}: {sent} requests in direct mode in {watch.Elapsed.TotalSeconds:N1} s; answers: {string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"))}");
        Assert.True(sent >= AtLeast, $"only {sent} requests in {Deadline}");
        Assert.True(statuses.GetValueOrDefault(200) > 50 && statuses.GetValueOrDefault(400) > 50, string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
    }

    private Dictionary<string, string?> Settings(string? schema)
    {
        var settings = new Dictionary<string, string?>
        {
            ["GITHUB_SIMULATOR"] = "true",
            ["GITHUB_SCOPES"] = "org:octo-org,enterprise:octo-ent",
            ["ENABLE_HISTORICAL_MODE"] = "true",
            ["SYNC_ENABLED"] = "false",
            ["SYNC_BACKFILL_DAYS"] = "10",
            ["PER_USER_ACCESS"] = "admin",
            ["ADMIN_API_SECRET"] = WebAppFactory.Secret,
            ["ADMIN_SYNC_WAIT_MS"] = "60000",
        };
        if (schema is not null)
        {
            settings["DATABASE_URL"] = postgres.ConnectionString;
            settings["DATABASE_SCHEMA"] = schema;
        }

        return settings;
    }

    private static string NextUrl(Random random)
    {
        var path = Paths[random.Next(Paths.Length)];
        var parameters = new List<(string Name, string? Value)>
        {
            ("scope", Pick(random, Scopes)),
            ("since", Pick(random, Days)),
            ("until", Pick(random, Days)),
        };
        if (path is "/api/breakdowns" || random.Next(10) == 0)
        {
            parameters.Add(("dimension", Pick(random, Dimensions)));
        }

        if (path is "/api/users" || random.Next(10) == 0)
        {
            parameters.Add(("sort", Pick(random, Sorts)));
            parameters.Add(("desc", Pick(random, Bools)));
            parameters.Add(("limit", Pick(random, Numbers)));
            parameters.Add(("offset", Pick(random, Numbers)));
        }

        switch (random.Next(12))
        {
            case 0 when parameters.Count > 0: // a parameter twice
                var twice = parameters[random.Next(parameters.Count)];
                parameters.Add((twice.Name, twice.Value ?? "2026-06-10"));
                break;
            case 1: // an oversized value
                var big = parameters[random.Next(parameters.Count)];
                parameters.Add((big.Name, new string((char)('a' + random.Next(26)), random.Next(1_000, 6_000))));
                parameters.Remove(big);
                break;
            case 2: // an unknown parameter
                parameters.Add(("x" + random.Next(100).ToString(CultureInfo.InvariantCulture), "1"));
                break;
        }

        var query = string.Join("&", parameters.Where(p => p.Value is not null).OrderBy(_ => random.Next()).Select(p => $"{p.Name}={p.Value}"));
        return query.Length == 0 ? path : $"{path}?{query}";
    }

    private static string? Pick(Random random, string?[] values) => values[random.Next(values.Length)];

    private static async Task<(int Status, string Body)> SendAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Whether both stores' bodies must be equal (the sync status and health carry run ids and timings; the dashboard's page is the same file).</summary>
    private static bool Comparable(string url) => !url.StartsWith("/api/admin/sync-status", StringComparison.Ordinal) && !url.StartsWith("/health", StringComparison.Ordinal);

    /// <summary>The body without what differs by design: a problem's trace id, the store's name in /api/info.</summary>
    private static string Normalize(string url, string body)
    {
        if (body.Length == 0 || body[0] is not ('{' or '['))
        {
            return body;
        }

        var json = JsonNode.Parse(body);
        if (json is JsonObject o)
        {
            o.Remove("traceId");
            if (url.StartsWith("/api/info", StringComparison.Ordinal))
            {
                o.Remove("store");
            }
        }

        return json?.ToJsonString() ?? "";
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : new StringBuilder(text, 0, 400, 403).Append('…').ToString();
}
