#region hosted-sync-usings
using CopilotMetrics.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
#endregion
using Microsoft.Extensions.Hosting;

namespace CopilotMetrics.Samples.Snippets;

/// <summary>The README's hosted sync in a web host or worker, compiled (the README shows the region without the method around it).</summary>
internal static class HostedSync
{
    /// <summary>Registers the PostgreSQL store, the client, the engine on a schedule and its health check.</summary>
    /// <param name="builder">The host's builder.</param>
    public static void Add(IHostApplicationBuilder builder)
    {
        #region hosted-sync
        builder.Services.AddPostgresMetricsStore(o => o.ConnectionString = builder.Configuration.GetConnectionString("metrics"));
        builder.Services.AddCopilotMetrics(builder.Configuration.GetSection("CopilotMetrics"))   // Token, BaseAddress, ScopeTokens, GitHubApp, …
            .AddSyncEngine(builder.Configuration.GetSection("CopilotMetrics:Sync"))              // Scopes: ["org:my-org", "enterprise:my-ent"]
            .AddSyncHostedService();                                                             // daily at 06:00 UTC by default
        builder.Services.AddHealthChecks().AddCopilotMetricsSync();
        #endregion
    }
}
