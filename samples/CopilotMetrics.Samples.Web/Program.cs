using System.Text.Json.Serialization;
using CopilotMetrics;
using CopilotMetrics.Samples.Web;
using CopilotMetrics.Samples.Web.Endpoints;
using CopilotMetrics.Samples.Web.Services;
using CopilotMetrics.Sync;
using CopilotMetrics.Testing;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

// --demo is a flag, not a key=value pair: take it out before the command-line configuration provider sees it.
var demoFlag = args.Any(a => a.Equals("--demo", StringComparison.OrdinalIgnoreCase));
args = [.. args.Where(a => !a.Equals("--demo", StringComparison.OrdinalIgnoreCase))];

var builder = WebApplication.CreateBuilder(args);
var settings = WebSettings.From(builder.Configuration, demoFlag);
builder.Services.AddSingleton(settings);
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));

// The client: the CopilotMetrics section of appsettings.json, then GITHUB_TOKEN.
var copilot = builder.Services.AddCopilotMetrics(builder.Configuration.GetSection(CopilotMetricsOptions.SectionName));
if (settings.GitHubToken is { } token)
{
    builder.Services.Configure<CopilotMetricsOptions>(o => o.Token = token);
}

if (settings.UseSimulator)
{
    // The simulator is a service (so it uses the host's TimeProvider and tests can reach it); both HTTP clients answer from it.
    builder.Services.AddSingleton(sp => GitHubSimulator.CreateDefault(sp.GetRequiredService<TimeProvider>()));
    copilot.ConfigureApiHttpClient(c => c.ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<GitHubSimulator>().CreateHandler()));
    copilot.ConfigureDownloadHttpClient(c => c.ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<GitHubSimulator>().CreateHandler()));
    builder.Services.AddOptions<CopilotMetricsOptions>().PostConfigure<GitHubSimulator>((o, simulator) =>
    {
        o.BaseAddress = simulator.ApiBaseAddress;
        o.Token = simulator.Token ?? GitHubSimulator.DefaultToken;
    });
}

var health = builder.Services.AddHealthChecks();
if (settings.HasStore)
{
    if (settings.DatabaseConnectionString is { } connectionString)
    {
        builder.Services.AddPostgresMetricsStore(o =>
        {
            o.ConnectionString = connectionString;
            o.Schema = settings.DatabaseSchema ?? o.Schema;
        });
    }
    else
    {
        builder.Services.AddInMemoryMetricsStore();
    }

    copilot.AddSyncEngine(builder.Configuration.GetSection($"{CopilotMetricsOptions.SectionName}:Sync"));
    builder.Services.Configure<SyncOptions>(o =>
    {
        foreach (var scope in settings.Scopes.Select(s => s.ToString()).Where(s => !o.Scopes.Contains(s, StringComparer.OrdinalIgnoreCase)))
        {
            o.Scopes.Add(scope);
        }

        o.Schedule = settings.SyncSchedule ?? o.Schedule;
        o.RetentionDays = settings.SyncRetentionDays ?? o.RetentionDays;
        o.BackfillDays = settings.SyncBackfillDays ?? (settings.Demo ? 90 : o.BackfillDays);
        o.RefreshDays = Math.Min(o.RefreshDays, o.BackfillDays);
        if (settings.Demo)
        {
            o.MaxConcurrency = Math.Max(o.MaxConcurrency, 8);
        }
    });
    builder.Services.AddSingleton<SyncRunner>();
    builder.Services.AddSingleton<LegacyDayCache>();
    if (settings.SyncEnabled)
    {
        copilot.AddSyncHostedService();
    }

    // The sync check reports this process's runs: only where this process syncs (a web-only replica never would,
    // and would turn unhealthy once HealthyWithin passed).
    if (settings.SyncEnabled || settings.Demo)
    {
        health.AddCopilotMetricsSync();
    }
}
else
{
    builder.Services.AddSingleton<DirectMetricsService>();
}

builder.Services.AddSingleton<AdminAuth>();
builder.Services.AddHostedService<StartupTasks>();
builder.Services.AddSingleton<UsageMetrics>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<UsageMetrics>());

// OpenTelemetry: the pipeline's traces and metrics, ASP.NET Core and HttpClient, Prometheus at /metrics.
builder.Services.AddOpenTelemetry()
    .ConfigureResource(r => r.AddService("CopilotMetrics.Samples.Web"))
    .WithTracing(t =>
    {
        t.AddSource(CopilotMetricsTelemetry.ActivitySourceName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
        if (settings.OtelConsole)
        {
            t.AddConsoleExporter();
        }
    })
    .WithMetrics(m =>
    {
        m.AddMeter(CopilotMetricsTelemetry.MeterName, UsageMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddPrometheusExporter();
        if (settings.OtelConsole)
        {
            m.AddConsoleExporter();
        }
    });

var app = builder.Build();
StartupLog.Started(app.Logger, settings);
if (settings.HasStore && !settings.SyncEnabled && !settings.Demo)
{
    StartupLog.WebOnly(app.Logger);
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapPrometheusScrapingEndpoint();
app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthJson.WriteAsync });
app.MapApi();
app.MapAdminApi();
await app.RunAsync();

/// <summary>The entry point, public for <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
