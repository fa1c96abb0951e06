using System.Net.Http.Json;
using System.Text.Json;
using CopilotMetrics.Storage;
using CopilotMetrics.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>
/// The web sample in a test server, configured through the same settings as the environment variables, on a
/// <see cref="FakeTimeProvider"/> shared by the app and its GitHub simulator.
/// </summary>
public class WebAppFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The last day the simulator has reports for (two days of lag).</summary>
    public static readonly DateOnly LastDay = new(2026, 6, 13);

    public static readonly MetricsScope Org = MetricsScope.Organization("octo-org");

    public static readonly MetricsScope Enterprise = MetricsScope.Enterprise("octo-ent");

    public const string Secret = "test-admin-secret";

    public WebAppFactory(IReadOnlyDictionary<string, string?> settings) => Settings = settings;

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public FakeTimeProvider Time { get; } = new(Now);

    public GitHubSimulator Simulator => Services.GetRequiredService<GitHubSimulator>();

    public IMetricsStore Store => Services.GetRequiredService<IMetricsStore>();

    /// <summary>Demo mode with a short backfill and the admin secret.</summary>
    public static Dictionary<string, string?> Demo(int backfillDays = 14) => new()
    {
        ["DEMO"] = "true",
        ["SYNC_BACKFILL_DAYS"] = backfillDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ADMIN_API_SECRET"] = Secret,
        ["ADMIN_SYNC_WAIT_MS"] = "20000",
    };

    public HttpClient CreateAdminClient(string secret = Secret)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Admin-Secret", secret);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", "Critical");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }
}

public sealed class DemoFactory() : WebAppFactory(Demo());

internal static class Http
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK) =>
        await (await client.GetAsync(url)).JsonAsync(expected);

    /// <summary>Asserts a problem-details answer and returns its detail.</summary>
    public static async Task<string> ProblemAsync(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(text);
        Assert.Equal((int)expected, json.RootElement.GetProperty("status").GetInt32());
        return json.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "";
    }

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static Task<HttpResponseMessage> PostEmptyAsync(this HttpClient client, string url) => client.PostAsJsonAsync(url, new { });
}
