using CopilotMetrics.Samples.Console.Hosting;
using CopilotMetrics.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>
/// The two samples take the shared variables through one table (samples/Shared/SampleEnvironment.cs): the CLI
/// (<c>copilot-metrics</c>) and the web host put every variable under the same configuration key, and both reject a
/// value out of the library's range with the library validator's words and the variable's name.
/// </summary>
[Collection(SharedTableTests.Name)]
public sealed class SharedTableTests
{
    /// <summary>The CLI's process-wide hooks: nothing else in this assembly runs it.</summary>
    public const string Name = "CLI hooks";

    [Fact]
    public void BothHosts_PutEveryVariable_UnderTheSameKey()
    {
        var variables = SampleEnvironment.Table.ToDictionary(s => s.Variable, s => (string?)s.Example, StringComparer.Ordinal);
        var cli = WithCliEnvironment(variables, () => CliSetup.Resolve(new StoreSettings()).Configuration);
        var web = new ConfigurationManager();
        web.AddInMemoryCollection(variables);
        WebSettings.From(web, demoFlag: false);

        Assert.Equal(10, SampleEnvironment.Table.Count);
        foreach (var setting in SampleEnvironment.Table)
        {
            if (setting.Kind == SettingKind.List)
            {
                var expected = setting.Example.Split(',');
                Assert.Equal(expected, cli.GetSection(setting.Key).GetChildren().Select(c => c.Value));
                Assert.Equal(expected, web.GetSection(setting.Key).GetChildren().Select(c => c.Value));
            }
            else
            {
                Assert.True(setting.Example == cli[setting.Key], $"the CLI puts {setting.Variable} under {setting.Key}");
                Assert.True(setting.Example == web[setting.Key], $"the web host puts {setting.Variable} under {setting.Key}");
            }
        }
    }

    [Fact]
    public async Task BothHosts_RejectABackfillOfAYearAndADay_WithTheLibrarysMessage()
    {
        // What the library's validator says about 366 days, asked directly.
        var services = new ServiceCollection();
        services.AddCopilotMetrics(o => o.Token = "t").AddSyncEngine(o =>
        {
            o.Scopes.Add("org:octo-org");
            o.BackfillDays = 366;
        });
        await using var provider = services.BuildServiceProvider();
        var failure = Assert.Single(Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SyncOptions>>().Value).Failures);
        var said = failure[failure.IndexOf("must be", StringComparison.Ordinal)..].TrimEnd('.');
        var expected = $"SYNC_BACKFILL_DAYS (CopilotMetrics:Sync:BackfillDays) {said} (got '366').";

        var cli = Assert.Throws<CliConfigurationException>(() => WithCliEnvironment(
            new Dictionary<string, string?> { ["SYNC_BACKFILL_DAYS"] = "366", ["GITHUB_SCOPES"] = "org:octo-org" },
            () => CliSetup.Resolve(new StoreSettings())));
        Assert.Equal(expected, cli.Message);

        await using var factory = new WebAppFactory(WebAppFactory.Demo(backfillDays: 366));
        var web = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());
        Assert.Equal("Invalid configuration:" + Environment.NewLine + expected, web.Message);
    }

    private static T WithCliEnvironment<T>(IReadOnlyDictionary<string, string?> variables, Func<T> run)
    {
        CliHooks.Reset();
        CliHooks.EnvironmentVariables = variables;
        try
        {
            return run();
        }
        finally
        {
            CliHooks.Reset();
        }
    }
}
