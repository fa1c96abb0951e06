#region first-app
using CopilotMetrics;
using CopilotMetrics.Storage;
using CopilotMetrics.Sync;
using CopilotMetrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
var scope = MetricsScope.Parse(builder.Configuration["Scope"] ?? "org:octo-org");     // --Scope org:my-org

// The store: in memory here; builder.Services.AddPostgresMetricsStore(o => o.ConnectionString = "…") keeps the data.
builder.Services.AddInMemoryMetricsStore();

// The client reads the CopilotMetrics section (Token, BaseAddress, ScopeTokens, GitHubApp, …); the engine syncs the scope.
var copilot = builder.Services.AddCopilotMetrics(builder.Configuration.GetSection("CopilotMetrics"))
    .AddSyncEngine(sync => sync.Scopes.Add(scope.ToString()));

// No token yet (CopilotMetrics__Token)? The offline GitHub simulator answers instead, for org:octo-org.
if (string.IsNullOrEmpty(builder.Configuration["CopilotMetrics:Token"]))
{
    copilot.UseGitHubSimulator(GitHubSimulator.CreateDefault());
}

using var host = builder.Build();

// One sync: the last 28 days made complete (backfill, gaps, the last 3 days again for GitHub's late corrections).
var result = await host.Services.GetRequiredService<SyncEngine>().RunAsync();
Console.WriteLine($"{scope}: {result.Stored} report-days stored, {result.Empty} without a report yet, {result.Failures.Count} failed");

// Three queries over the 28 days that ended yesterday (UTC) when the sync started.
var store = host.Services.GetRequiredService<IMetricsReader>();
var range = DateRange.Ending(DateOnly.FromDateTime(result.StartedAt.UtcDateTime).AddDays(-1), 28);

foreach (var day in await store.GetDailySeriesAsync(scope, range))
{
    Console.WriteLine($"day {day.Day:yyyy-MM-dd}: {day.DailyActiveUsers} active, {day.Activity.CodeAcceptances} of {day.Activity.CodeGenerations} suggestions accepted");
}

var users = await store.GetUserTotalsAsync(scope, range, new UserTotalsQuery { SortBy = UserTotalsSort.Interactions, Limit = 5 });
foreach (var user in users.Items)
{
    Console.WriteLine($"user {user.Login}: {user.Activity.UserInitiatedInteractions} interactions on {user.ActiveDays} day(s)");
}

foreach (var team in await store.GetTeamMetricsAsync(scope, range))
{
    Console.WriteLine($"team {team.Slug}: {team.ActiveUsers} of {team.Members} members active");
}
#endregion
