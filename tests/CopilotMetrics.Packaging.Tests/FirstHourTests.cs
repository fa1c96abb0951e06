using System.Text;
using System.Text.RegularExpressions;
using CopilotMetrics.Tests;

namespace CopilotMetrics.Packaging.Tests;

/// <summary>A developer's first hour, from the packed folder: the tool, and a new console app with the README's code.</summary>
[Collection("packed")]
public sealed partial class FirstHourTests(PackedRepository packed)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [GeneratedRegex(@"^dotnet add package .*$", RegexOptions.Multiline)]
    private static partial Regex AddPackage();

    [Fact]
    public async Task The_tool_installs_into_a_tool_path_and_runs_the_demo_offline()
    {
        packed.EnsurePacked();
        var tools = Path.Combine(packed.Work, "tools");

        var install = await Dotnet(packed.Work, "tool", "install", "CopilotMetrics.Cli", "--tool-path", tools, "--add-source", packed.Packages, "--version", packed.Version);
        Assert.True(install.Exit == 0, install.Output);

        var tool = Path.Combine(tools, OperatingSystem.IsWindows() ? "copilot-metrics.exe" : "copilot-metrics");
        var version = await Processes.RunAsync(tool, ["--version"], packed.Work, Limit);
        Assert.True(version.Exit == 0, version.Output);
        Assert.Equal($"{packed.Version}+{packed.Commit}", version.Output.Trim());

        // The demo: the simulator, the sync engine and the in-memory store, no token, no network.
        var demo = await Processes.RunAsync(tool, [], packed.Work, Limit, new Dictionary<string, string?> { ["GITHUB_TOKEN"] = null, ["DATABASE_URL"] = null });
        Assert.True(demo.Exit == 0, demo.Output);
        Assert.Contains("org:octo-org", demo.Output, StringComparison.Ordinal);
        Assert.Contains("enterprise:octo-ent", demo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_console_app_builds_the_READMEs_code_from_the_packed_packages_and_runs_it()
    {
        packed.EnsurePacked();
        var app = Path.Combine(packed.Work, "FirstApp");
        // The packed folder as a source beside the machine's own (where Microsoft.Extensions.Hosting comes from).
        await File.WriteAllTextAsync(Path.Combine(packed.Work, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="packed" value="{packed.Packages}" />
              </packageSources>
            </configuration>
            """);
        var created = await Dotnet(packed.Work, "new", "console", "-o", app);
        Assert.True(created.Exit == 0, created.Output);

        // The README's install commands as written, but pinned to this build for the CopilotMetrics packages; and the
        // PostgreSQL store that its hosted-sync block uses.
        var readme = RepositoryFiles.Readme();
        var commands = AddPackage().Matches(readme).Select(m => m.Value.Split('#')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]).ToList();
        Assert.NotEmpty(commands);
        commands.Add(["add", "package", "CopilotMetrics.Storage.Postgres", "--prerelease"]);
        foreach (var command in commands)
        {
            var arguments = command[2].StartsWith("CopilotMetrics.", StringComparison.Ordinal)
                ? command.Where(a => a != "--prerelease").Concat(["--version", packed.Version]).ToArray()
                : command;
            var added = await Dotnet(app, arguments);
            Assert.True(added.Exit == 0, string.Join(' ', arguments) + "\n" + added.Output);
        }

        // Program.cs is the first block; every other block goes into a method of its own (it uses `builder` or `ct`).
        var blocks = RepositoryFiles.MarkedCSharpBlock().Matches(readme).ToList();
        var first = blocks.Single(b => b.Groups["names"].Value == "first-app");
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), first.Groups["code"].Value + "\n");
        var usings = new SortedSet<string>(StringComparer.Ordinal);
        var methods = new StringBuilder();
        foreach (var (block, i) in blocks.Where(b => b != first).Select((b, i) => (b, i)))
        {
            var lines = block.Groups["code"].Value.Split('\n');
            usings.UnionWith(lines.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal) || l.Length == 0).Where(l => l.Length > 0));
            var body = lines.SkipWhile(l => l.StartsWith("using ", StringComparison.Ordinal) || l.Length == 0);
            methods.AppendLine($"    internal static async Task Block{i}(Microsoft.Extensions.Hosting.IHostApplicationBuilder builder, CancellationToken ct)")
                .AppendLine("    {")
                .AppendJoin("\n", body.Select(l => "        " + l)).AppendLine()
                .AppendLine("        await Task.CompletedTask;")
                .AppendLine("    }");
        }

        await File.WriteAllTextAsync(Path.Combine(app, "ReadmeBlocks.cs"), string.Join("\n", usings) + "\n\ninternal static class ReadmeBlocks\n{\n" + methods + "}\n");

        var build = await Dotnet(app, "build", "-nodeReuse:false");
        Assert.True(build.Exit == 0, build.Output);
        var run = await Dotnet(app, "run", "--no-build", "--", "--CopilotMetrics:Token=", "--Logging:LogLevel:Default=Warning");
        Assert.True(run.Exit == 0, run.Output);
        Assert.Matches(@"org:octo-org: \d+ report-days stored, \d+ without a report yet, 0 failed", run.Output);
        Assert.InRange(Regex.Count(run.Output, "^day ", RegexOptions.Multiline), 26, 28);
        Assert.Equal(5, Regex.Count(run.Output, "^user ", RegexOptions.Multiline));
        Assert.Equal(8, Regex.Count(run.Output, "^team ", RegexOptions.Multiline));
    }

    private static Task<(int Exit, string Output)> Dotnet(string directory, params string[] arguments) =>
        Processes.RunAsync("dotnet", arguments, directory, Limit);
}
