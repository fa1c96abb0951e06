using System.Xml.Linq;
using CopilotMetrics.Tests;

namespace CopilotMetrics.Packaging.Tests;

/// <summary>
/// Packs the repository's packages once for the tests of the "packed" collection: <c>dotnet pack -c Release</c> of
/// every packable project into a temp folder (its build output in a temp artifacts folder, so the tree's bin/ and obj/
/// are not touched). The version gets a suffix of its own, so that a package cached from an earlier run is never taken
/// for this one; the cached copies are removed afterwards.
/// </summary>
public sealed class PackedRepository : IAsyncLifetime
{
    /// <summary>The packable projects, by package id.</summary>
    public static readonly IReadOnlyDictionary<string, string> Projects = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CopilotMetrics.Core"] = @"src\CopilotMetrics.Core\CopilotMetrics.Core.csproj",
        ["CopilotMetrics.Client"] = @"src\CopilotMetrics.Client\CopilotMetrics.Client.csproj",
        ["CopilotMetrics.Sync"] = @"src\CopilotMetrics.Sync\CopilotMetrics.Sync.csproj",
        ["CopilotMetrics.Storage.InMemory"] = @"src\CopilotMetrics.Storage.InMemory\CopilotMetrics.Storage.InMemory.csproj",
        ["CopilotMetrics.Storage.Postgres"] = @"src\CopilotMetrics.Storage.Postgres\CopilotMetrics.Storage.Postgres.csproj",
        ["CopilotMetrics.Export.Parquet"] = @"src\CopilotMetrics.Export.Parquet\CopilotMetrics.Export.Parquet.csproj",
        ["CopilotMetrics.Storage.Sqlite"] = @"src\CopilotMetrics.Storage.Sqlite\CopilotMetrics.Storage.Sqlite.csproj",
        ["CopilotMetrics.Testing"] = @"src\CopilotMetrics.Testing\CopilotMetrics.Testing.csproj",
        ["CopilotMetrics.Cli"] = @"samples\CopilotMetrics.Samples.Console\CopilotMetrics.Samples.Console.csproj",
    };

    public string Root { get; } = RepositoryFiles.Root;

    public string Work { get; } = Path.Combine(Path.GetTempPath(), "copilot-metrics-pack-" + Guid.NewGuid().ToString("N")[..12]);

    public string Packages => Path.Combine(Work, "packages");

    public string Artifacts => Path.Combine(Work, "artifacts");

    /// <summary>VersionPrefix of Directory.Build.props, with this run's own suffix.</summary>
    public string Version { get; private set; } = "";

    /// <summary>The commit the packages were built from (<c>git rev-parse HEAD</c>).</summary>
    public string Commit { get; private set; } = "";

    /// <summary>CopilotMetricsRepositoryUrl of Directory.Build.props.</summary>
    public string RepositoryUrl { get; private set; } = "";

    public int PackExit { get; private set; } = -1;

    public string PackOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Work);
        var props = XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
        var suffix = "preview.t" + Guid.NewGuid().ToString("N")[..8];
        Version = props.Descendants("VersionPrefix").Single().Value + "-" + suffix;
        RepositoryUrl = props.Descendants("CopilotMetricsRepositoryUrl").Single().Value;
        var (gitExit, head) = await Processes.RunAsync("git", ["rev-parse", "HEAD"], Root, TimeSpan.FromMinutes(1));
        Commit = gitExit == 0 ? head.Trim() : throw new InvalidOperationException("git rev-parse HEAD failed: " + head);

        // A solution filter with the packable projects: one pack, one build of the graph.
        var filter = Path.Combine(Work, "packages.slnf");
        var projects = string.Join(",", Projects.Values.Select(p => "\"" + p.Replace(@"\", @"\\", StringComparison.Ordinal) + "\""));
        var solution = Path.Combine(Root, "CopilotMetrics.sln").Replace(@"\", @"\\", StringComparison.Ordinal);
        await File.WriteAllTextAsync(filter, "{\"solution\":{\"path\":\"" + solution + "\",\"projects\":[" + projects + "]}}");
        (PackExit, PackOutput) = await Processes.RunAsync(
            "dotnet",
            ["pack", filter, "-c", "Release", "-o", Packages, "--artifacts-path", Artifacts, "-nodeReuse:false", $"-p:VersionSuffix={suffix}"],
            Root,
            TimeSpan.FromMinutes(10));
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
        }

        // dotnet tool install and the fresh app's restore cached this run's packages in the global packages folder.
        var global = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in Projects.Keys)
        {
            var folder = Path.Combine(global, id.ToLowerInvariant());
            var cached = Path.Combine(folder, Version.ToLowerInvariant());
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }

            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Fails the calling test, with the pack's output, unless the pack succeeded.</summary>
    public void EnsurePacked() => Assert.True(PackExit == 0, "dotnet pack failed:\n" + PackOutput);

    public string Package(string id, string extension = "nupkg") => Path.Combine(Packages, $"{id}.{Version}.{extension}");

}

[CollectionDefinition("packed")]
public sealed class PackedGroup : ICollectionFixture<PackedRepository>;
