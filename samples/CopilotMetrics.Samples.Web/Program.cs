using System.Text.Json.Serialization;
using CopilotMetrics;
using CopilotMetrics.Samples;
using CopilotMetrics.Samples.Web;
using CopilotMetrics.Samples.Web.Endpoints;
using CopilotMetrics.Samples.Web.Services;
using CopilotMetrics.Storage.Postgres;
using CopilotMetrics.Sync;
using CopilotMetrics.Testing;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

// --demo is a flag, not a key=value pair: take it out before the command-line configuration provider sees it.
var demoFlag = args.Any(a => a.Equals("--demo", StringComparison.OrdinalIgnoreCase));
args = [.. args.Where(a => !a.Equals("--demo", StringComparison.OrdinalIgnoreCase))];

// A bad setting or an unreachable database stops the start with one line and an exit code (2 configuration, 4 the
// database), not an abort with a stack trace; under a test host (WebApplicationFactory) the exception goes to the test.
try
{
    var builder = WebApplication.CreateBuilder(args);

    // The shared variables (SYNC_BACKFILL_DAYS, DATABASE_URL, …) onto the library's keys, over the environment; every bad
    // value is reported at once, after the library's validators have judged the options below.
    var configurationErrors = new List<string>();
    var settings = WebSettings.Read(builder.Configuration, demoFlag, configurationErrors);
    builder.Services.AddSingleton(settings);
    builder.Services.AddProblemDetails();
    builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));

    // The client: the CopilotMetrics section of appsettings.json, with GITHUB_TOKEN as CopilotMetrics:Token.
    var copilot = builder.Services.AddCopilotMetrics(builder.Configuration.GetSection(CopilotMetricsOptions.SectionName));

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
            builder.Services.AddPostgresMetricsStore(o => SampleOptions.ConfigurePostgres(o, builder.Configuration, connectionString));
        }
        else
        {
            builder.Services.AddInMemoryMetricsStore();
        }

        // CopilotMetrics:Sync, where GITHUB_SCOPES and SYNC_* stand as keys; the simulator's scopes and the demo's defaults on top.
        copilot.AddSyncEngine(builder.Configuration.GetSection(SampleEnvironment.SyncSection));
        builder.Services.Configure<SyncOptions>(o =>
        {
            // One entry per scope: "org:Octo" and "organization:octo" are the same organization.
            foreach (var scope in settings.Scopes.Where(s => !o.Scopes.Any(text => MetricsScope.TryParse(text, out var listed) && listed == s)))
            {
                o.Scopes.Add(scope.ToString());
            }

            if (settings.Demo)
            {
                o.BackfillDays = string.IsNullOrWhiteSpace(builder.Configuration[SampleEnvironment.BackfillDaysKey]) ? 90 : o.BackfillDays;
                o.MaxConcurrency = Math.Max(o.MaxConcurrency, 8);
            }

            SampleOptions.ApplySyncDefaults(o, builder.Configuration);
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
    else if (settings.SqlitePath is { } sqlitePath)
    {
        builder.Services.AddSqliteMetricsStore(o =>
        {
            builder.Configuration.GetSection(SampleEnvironment.SqliteSection).Bind(o);
            o.Path = sqlitePath;
        });
    }
    else
    {
        builder.Services.AddSingleton<DirectMetricsService>();
    }

    builder.Services.AddSingleton(sp => new CopilotMetrics.Analytics.CopilotAnalytics(sp.GetRequiredService<CopilotMetrics.Storage.IMetricsReader>(), settings.Analytics));
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

    // The library's validators over what this host registered (ranges, cron, schema…), in the variables' words.
    SampleOptions.Validate<CopilotMetricsOptions>(app.Services, settings.Sources, configurationErrors, CopilotMetricsOptions.SectionName);
    if (settings.HasStore)
    {
        SampleOptions.Validate<SyncOptions>(app.Services, settings.Sources, configurationErrors, SampleEnvironment.SyncSection);
    }

    if (settings.DatabaseConnectionString is not null)
    {
        SampleOptions.ValidatePostgres(app.Services, builder.Configuration, settings.Sources, configurationErrors);
    }

    WebSettings.ThrowIfAny(configurationErrors);

    // The schema is migrated (or checked) before the host starts, not in a hosted service: an unreachable database is
    // then this entry point's one-line error (exit 4), not the host's "Hosting failed to start" with a stack trace.
    if (app.Services.GetService<PostgresMetricsStore>() is { } postgres)
    {
        await postgres.InitializeAsync();
    }

    StartupLog.Started(app.Logger, settings);
    if (settings.HasStore && !settings.SyncEnabled && !settings.Demo)
    {
        StartupLog.WebOnly(app.Logger);
    }

    app.UseSecurityHeaders();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseDefaultFiles();
    app.UseStaticFiles();
    app.MapPrometheusScrapingEndpoint();
    app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthJson.WriteAsync });
    app.MapApi();
    app.MapAdminApi();
    app.MapSeats();
    app.MapSurfaces();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (StartupFailure.ExitCode(e) is { } exit && StartupFailure.IsOwnProcess)
{
    await Console.Error.WriteLineAsync(StartupFailure.Describe(e));
    return exit;
}

/// <summary>The entry point, public for <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
