extern alias web;

using CopilotMetrics.Benchmarks.Storage;
using CopilotMetrics.Storage.InMemory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotMetrics.Benchmarks.Http;

/// <summary>
/// The web sample (its own <c>Program</c>, configured through the same settings as its environment variables) on a real
/// Kestrel server bound to a free loopback port: a web-only replica (no sync) in historical mode with open per-user
/// data. Given a <paramref name="store"/>, that instance replaces the store the app would create.
/// </summary>
internal sealed class BenchWebHost(IReadOnlyDictionary<string, string?> settings, InMemoryMetricsStore? store = null) : WebApplicationFactory<web::Program>
{
    public Task<Uri> StartAsync()
    {
        // The sample's folder is its content root (wwwroot, appsettings.json), as in a test project.
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "samples", "CopilotMetrics.Samples.Web", "CopilotMetrics.Samples.Web.csproj")))
        {
            folder = folder.Parent;
        }

        if (folder is not null)
        {
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_COPILOTMETRICS_SAMPLES_WEB", Path.Combine(folder.FullName, "samples", "CopilotMetrics.Samples.Web"));
        }

        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal)))
            .First();
        return Task.FromResult(address);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("GITHUB_SIMULATOR", "true"); // never called: no sync runs; saves a token
        builder.UseSetting("GITHUB_SCOPES", QueryBenchmarkData.Scope.ToString());
        builder.UseSetting("SYNC_ENABLED", "false");
        builder.UseSetting("PER_USER_ACCESS", "open");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (store is not null)
        {
            builder.ConfigureTestServices(services => services.AddInMemoryMetricsStore(store)); // every role: the app reads through IMetricsReader
        }
    }
}
