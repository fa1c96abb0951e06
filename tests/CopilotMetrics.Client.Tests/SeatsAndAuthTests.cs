using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CopilotMetrics.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using static CopilotMetrics.Client.Tests.ClientHarness;
using static CopilotMetrics.Tests.TestFiles;

namespace CopilotMetrics.Client.Tests;

public sealed class SeatsTests
{
    private static string Page(int from, int count) =>
        $$"""{"total_seats":7,"seats":[{{string.Join(",", Enumerable.Range(from, count).Select(i => $$"""{"assignee":{"login":"u{{i}}","id":{{i}},"type":"User"},"created_at":"2026-01-01T00:00:00Z","last_activity_at":null,"plan_type":"business","new_field":1}"""))}}]}""";

    [Fact]
    public async Task Seats_follow_the_link_header_over_three_pages()
    {
        using var harness = new ClientHarness(o => o.SeatsPageSize = 3);
        const string url = ApiBase + "orgs/octo/copilot/billing/seats";
        harness.Api.When(url).WithExactQueryString("per_page=3").Respond(_ => WithLink(Json(Page(1, 3)), $"<{url}?per_page=3&page=2>; rel=\"next\", <{url}?per_page=3&page=3>; rel=\"last\""));
        harness.Api.When(url).WithExactQueryString("per_page=3&page=2").Respond(_ => WithLink(Json(Page(4, 3)), $"<{url}?per_page=3&page=1>; rel=\"prev\", <{url}?per_page=3&page=3>; rel=\"next\""));
        harness.Api.When(url).WithExactQueryString("per_page=3&page=3").Respond(_ => WithLink(Json(Page(7, 2)), $"<{url}?per_page=3&page=2>; rel=\"prev\""));

        var seats = await ToListAsync(harness.Client.GetSeatsAsync(MetricsScope.Organization("octo")));

        // Eight seats although total_seats says 7: the pages are followed, never computed.
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"u{i}"), seats.Select(s => s.Assignee!.Login));
        Assert.Equal(3, harness.ApiRequests.Count);
        Assert.All(harness.ApiRequests, r => Assert.Equal($"Bearer {Token}", r.Authorization));
        Assert.Equal(1, seats[0].AdditionalProperties!["new_field"].GetInt32());
        Assert.Null(seats[0].LastActivityAt);
    }

    [Theory]
    [InlineData("org:octo")]
    [InlineData("org:OCTO")]
    [InlineData("organization:Octo")]
    [InlineData("ORG: octo ")]
    public async Task A_scope_token_is_found_under_any_spelling_of_its_key(string key)
    {
        // Every key the validator accepts names its scope; logins ignore case.
        using var harness = new ClientHarness(o => o.ScopeTokens[key] = "scoped-token-for-octo");
        harness.Api.When("*").Respond(_ => Json("""{"total_seats":0,"seats":[]}"""));

        await ToListAsync(harness.Client.GetSeatsAsync(MetricsScope.Organization("Octo")));
        await ToListAsync(harness.Client.GetSeatsAsync(MetricsScope.Organization("other")));

        Assert.Equal(["Bearer scoped-token-for-octo", $"Bearer {Token}"], harness.ApiRequests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_not_followed()
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => WithLink(Json(Page(1, 1)), "<https://evil.example.com/steal?page=2>; rel=\"next\""));

        var error = await Assert.ThrowsAsync<CopilotMetricsException>(() => ToListAsync(harness.Client.GetSeatsAsync(MetricsScope.Enterprise("acme"))));

        Assert.Contains("another host", error.Message, StringComparison.Ordinal);
        Assert.Single(harness.ApiRequests);
    }

    private static HttpResponseMessage WithLink(HttpResponseMessage response, string link)
    {
        response.Headers.Add("Link", link);
        return response;
    }
}

public sealed class GitHubAppTests
{
    private static (RSA Key, string Pem) NewKey()
    {
        var key = RSA.Create(2048);
        return (key, key.ExportRSAPrivateKeyPem());
    }

    [Fact]
    public void The_app_jwt_is_RS256_signed_and_verifies_with_the_public_key()
    {
        var (key, pem) = NewKey();
        using var _ = key;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 12, 0, 0, TimeSpan.Zero));
        using var provider = new GitHubAppTokenProvider(new GitHubAppCredentials { AppId = "123456", PrivateKey = pem }, () => throw new InvalidOperationException(), new Uri(ApiBase), time, null);

        var jwt = provider.CreateJwt();

        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(123456, payload.RootElement.GetProperty("iss").GetInt64());
        Assert.Equal(now - 60, payload.RootElement.GetProperty("iat").GetInt64());
        Assert.Equal(now + 540, payload.RootElement.GetProperty("exp").GetInt64());
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        using var other = RSA.Create(2048);
        Assert.False(other.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task Installation_tokens_are_found_minted_cached_shared_and_refreshed_before_expiry()
    {
        var (key, pem) = NewKey();
        using var _ = key;
        using var harness = new ClientHarness(o =>
        {
            o.Token = null;
            o.GitHubApp = new GitHubAppCredentials { AppId = "42", PrivateKey = pem };
        });
        var minted = 0;
        var jwtHeaders = new List<string?>();
        harness.Api.When(ApiBase + "orgs/octo/installation").Respond(req =>
        {
            lock (jwtHeaders)
            {
                jwtHeaders.Add(req.Headers.Authorization?.ToString());
            }

            return Json("""{"id":777,"account":{"login":"octo"}}""");
        });
        harness.Api.When(HttpMethod.Post, ApiBase + "app/installations/777/access_tokens").Respond(_ =>
        {
            var n = Interlocked.Increment(ref minted);
            var expires = harness.Time.GetUtcNow().AddHours(1).ToString("O");
            return Json($$"""{"token":"ghs_installation{{n}}","expires_at":"{{expires}}"}""", HttpStatusCode.Created);
        });
        harness.Api.When(ApiBase + "orgs/octo/copilot/metrics/reports/users-1-day").Respond(_ => Json(Envelope("2026-06-03", Files + "a")));
        var tokens = harness.Provider.GetRequiredService<GitHubTokenProvider>();
        var scope = MetricsScope.Organization("octo");

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => tokens.GetTokenAsync(scope).AsTask()));
        Assert.All(concurrent, t => Assert.Equal("ghs_installation1", t));
        Assert.Equal(1, minted);
        Assert.StartsWith("Bearer ey", Assert.Single(jwtHeaders), StringComparison.Ordinal);

        await harness.Client.GetReportLinksAsync(scope, ReportType.Users1Day, new DateOnly(2026, 6, 3));
        Assert.Equal("Bearer ghs_installation1", harness.ApiRequests.Last().Authorization);

        harness.Time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal("ghs_installation1", await tokens.GetTokenAsync(scope));
        harness.Time.Advance(TimeSpan.FromMinutes(2)); // now within five minutes of expiry
        Assert.Equal("ghs_installation2", await tokens.GetTokenAsync(scope));
        Assert.Single(jwtHeaders); // the installation id is remembered
    }

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}

public sealed class OptionsTests
{
    private static IReadOnlyList<string> Failures(Action<CopilotMetricsOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddCopilotMetrics(configure);
        using var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.ToList();
        }
    }

    [Fact]
    public void Valid_options_pass_start_up_validation() => Assert.Empty(Failures(o => o.Token = "t"));

    [Fact]
    public void Missing_credentials_are_named_at_start_up() =>
        Assert.Contains(Failures(_ => { }), f => f.Contains("CopilotMetrics:Token", StringComparison.Ordinal));

    [Theory]
    [InlineData("http://api.github.com/", "https")]
    [InlineData("2026-3-10", "ApiVersion")]
    [InlineData("2022-11-28, 2026-03-10", "ApiVersion")]
    [InlineData("retries", "MaxRetries")]
    [InlineData("pages", "SeatsPageSize")]
    [InlineData("timeouts", "TotalTimeout")]
    [InlineData("scope", "ScopeTokens")]
    [InlineData("app", "PrivateKey")]
    public void Bad_options_fail_at_start_up_with_a_message_that_names_them(string what, string named)
    {
        var failures = Failures(o =>
        {
            o.Token = "t";
            switch (what)
            {
                case "retries": o.MaxRetries = -1; break;
                case "pages": o.SeatsPageSize = 500; break;
                case "timeouts": o.TotalTimeout = TimeSpan.FromSeconds(1); break;
                case "scope": o.ScopeTokens["octo"] = "x"; break;
                case "app": o.GitHubApp = new GitHubAppCredentials { AppId = "1" }; break;
                case var url when url.StartsWith("http", StringComparison.Ordinal): o.BaseAddress = new Uri(url); break;
                default: o.ApiVersion = what; break;
            }
        });

        Assert.Contains(failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void A_custom_token_provider_needs_no_token_in_options()
    {
        var services = new ServiceCollection();
        services.AddCopilotMetrics(_ => { }).UseTokenProvider(new StaticTokenProvider("vault"));
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<StaticTokenProvider>(provider.GetRequiredService<GitHubTokenProvider>());
    }

    [Theory]
    [InlineData("org:octo", ScopeKind.Organization, "octo")]
    [InlineData("Enterprise:acme-corp", ScopeKind.Enterprise, "acme-corp")]
    [InlineData(" ent : x ", ScopeKind.Enterprise, "x")]
    public void Scopes_parse(string text, ScopeKind kind, string name)
    {
        var scope = MetricsScope.Parse(text);
        Assert.Equal((kind, name), (scope.Kind, scope.Name));
        Assert.Equal(scope, MetricsScope.Parse(scope.ToString()));
    }

    [Theory]
    [InlineData("octo")]
    [InlineData("team:octo")]
    [InlineData("org:")]
    [InlineData("org:a/b")]
    [InlineData("org:a?b")]
    public void Bad_scopes_do_not_parse(string text) => Assert.False(MetricsScope.TryParse(text, out _));
}
