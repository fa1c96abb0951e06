using System.Buffers.Binary;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CopilotMetrics.Packaging.Tests;

/// <summary>What each .nupkg and .snupkg holds, read from the packages themselves.</summary>
[Collection("packed")]
public sealed partial class PackageTests(PackedRepository packed)
{
    /// <summary>The SourceLink custom debug information of a portable PDB.</summary>
    private static readonly Guid SourceLinkId = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    /// <summary>
    /// The dependencies each package must declare: the lowest version of each that the package needs (written out here,
    /// with the reasons in the csprojs); a project dependency is this build's version. The tool bundles its own.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Floors = new(StringComparer.Ordinal)
    {
        ["CopilotMetrics.Core"] = [],
        ["CopilotMetrics.Client"] = new(StringComparer.Ordinal)
        {
            ["CopilotMetrics.Core"] = "this",
            ["Microsoft.Extensions.DependencyInjection.Abstractions"] = "10.0.0",
            ["Microsoft.Extensions.Diagnostics.Abstractions"] = "8.0.1",
            ["Microsoft.Extensions.Http"] = "8.0.1",
            ["Microsoft.Extensions.Http.Resilience"] = "8.10.0",
            ["Microsoft.Extensions.Logging.Abstractions"] = "8.0.2",
            ["Microsoft.Extensions.Options"] = "10.0.0",
            ["Microsoft.Extensions.Options.ConfigurationExtensions"] = "10.0.0",
        },
        ["CopilotMetrics.Sync"] = new(StringComparer.Ordinal)
        {
            ["CopilotMetrics.Client"] = "this",
            ["Cronos"] = "0.11.0",
            ["Microsoft.Extensions.DependencyInjection.Abstractions"] = "10.0.0",
            ["Microsoft.Extensions.Diagnostics.HealthChecks"] = "8.0.0",
            ["Microsoft.Extensions.Hosting.Abstractions"] = "8.0.1",
            ["Microsoft.Extensions.Logging.Abstractions"] = "8.0.2",
            ["Microsoft.Extensions.Options"] = "10.0.0",
            ["Microsoft.Extensions.Options.ConfigurationExtensions"] = "10.0.0",
        },
        ["CopilotMetrics.Storage.InMemory"] = new(StringComparer.Ordinal)
        {
            ["CopilotMetrics.Core"] = "this",
            ["Microsoft.Extensions.DependencyInjection.Abstractions"] = "8.0.0",
        },
        ["CopilotMetrics.Storage.Postgres"] = new(StringComparer.Ordinal)
        {
            ["CopilotMetrics.Core"] = "this",
            ["Microsoft.Extensions.DependencyInjection.Abstractions"] = "8.0.0",
            ["Microsoft.Extensions.Options"] = "8.0.0",
            ["Npgsql"] = "8.0.3",
        },
        ["CopilotMetrics.Export.Parquet"] = new(StringComparer.Ordinal)
        {
            ["CopilotMetrics.Core"] = "this",
            ["Microsoft.Extensions.DependencyInjection.Abstractions"] = "8.0.2",
            ["Microsoft.Extensions.Logging.Abstractions"] = "8.0.2",
            ["Parquet.Net"] = "6.1.0",
        },
        ["CopilotMetrics.Storage.Sqlite"] = new(StringComparer.Ordinal)
        {
            ["CopilotMetrics.Core"] = "this",
            ["Microsoft.Data.Sqlite"] = "10.0.15",
            ["Microsoft.Extensions.DependencyInjection.Abstractions"] = "8.0.0",
            ["Microsoft.Extensions.Options"] = "8.0.0",
        },
        ["CopilotMetrics.Testing"] = new(StringComparer.Ordinal) { ["CopilotMetrics.Client"] = "this" },
        ["CopilotMetrics.Cli"] = [],
    };

    public static TheoryData<string> Ids => new(PackedRepository.Projects.Keys);

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_package_has_the_metadata_NuGet_users_expect(string id)
    {
        packed.EnsurePacked();
        using var package = ZipFile.OpenRead(packed.Package(id));
        var nuspec = Nuspec(package);
        string Text(string name) => nuspec.Descendants().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";

        Assert.Equal(id, Text("id"));
        Assert.Equal(packed.Version, Text("version"));
        Assert.False(string.IsNullOrWhiteSpace(Text("description")));
        Assert.False(string.IsNullOrWhiteSpace(Text("authors")));
        var license = nuspec.Descendants().Single(e => e.Name.LocalName == "license");
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));

        Assert.StartsWith("https://github.com/", packed.RepositoryUrl, StringComparison.Ordinal);
        var repository = nuspec.Descendants().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Equal(packed.RepositoryUrl, (string?)repository.Attribute("url"));
        Assert.Equal(packed.Commit, (string?)repository.Attribute("commit"));
        Assert.StartsWith(packed.RepositoryUrl, Text("projectUrl"), StringComparison.Ordinal);
        Assert.Contains(packed.RepositoryUrl + "/blob/main/CHANGELOG.md", Text("releaseNotes"), StringComparison.Ordinal);

        // The icon: a 128×128 PNG in the package.
        Assert.Equal("icon.png", Text("icon"));
        using (var icon = package.GetEntry("icon.png")!.Open())
        {
            var header = new byte[24];
            icon.ReadExactly(header);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header[..8]);
            Assert.Equal((128, 128), (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20))));
        }

        // The README: packed, and every link absolute (nuget.org shows it away from the repository).
        Assert.Equal("README.md", Text("readme"));
        using var reader = new StreamReader(package.GetEntry("README.md")!.Open(), Encoding.UTF8);
        var readme = reader.ReadToEnd();
        Assert.StartsWith("# ", readme, StringComparison.Ordinal);
        var links = MarkdownLink().Matches(readme).Select(m => m.Groups["target"].Value).ToList();
        Assert.All(links, l => Assert.Matches("^https://", l));
        Assert.Contains(links, l => l.StartsWith(packed.RepositoryUrl, StringComparison.Ordinal));

        // Symbols beside it.
        Assert.True(File.Exists(packed.Package(id, "snupkg")), $"{id} has no .snupkg");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_symbols_carry_SourceLink_to_the_commit_on_GitHub(string id)
    {
        packed.EnsurePacked();
        using var symbols = ZipFile.OpenRead(packed.Package(id, "snupkg"));
        var assembly = id == "CopilotMetrics.Cli" ? "copilot-metrics" : id;
        var pdb = symbols.Entries.Single(e => e.Name == assembly + ".pdb");
        using var stream = new MemoryStream();
        using (var entry = pdb.Open())
        {
            entry.CopyTo(stream);
        }

        stream.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(stream);
        var metadata = provider.GetMetadataReader();
        var sourceLink = metadata.CustomDebugInformation
            .Select(metadata.GetCustomDebugInformation)
            .Where(c => metadata.GetGuid(c.Kind) == SourceLinkId)
            .Select(c => Encoding.UTF8.GetString(metadata.GetBlobBytes(c.Value)))
            .SingleOrDefault();
        Assert.True(sourceLink is not null, $"{pdb.FullName} has no SourceLink");

        var owner = new Uri(packed.RepositoryUrl).AbsolutePath.Trim('/');
        var documents = JsonDocument.Parse(sourceLink).RootElement.GetProperty("documents").EnumerateObject().ToList();
        Assert.NotEmpty(documents);
        Assert.All(documents, d => Assert.Equal($"https://raw.githubusercontent.com/{owner}/{packed.Commit}/*", d.Value.GetString()));
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            // ContinuousIntegrationBuild: the build machine's paths are mapped away.
            Assert.All(documents, d => Assert.StartsWith("/_/", d.Name, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_dependencies_are_the_lowest_versions_the_package_needs(string id)
    {
        packed.EnsurePacked();
        using var package = ZipFile.OpenRead(packed.Package(id));
        var nuspec = Nuspec(package);
        var groups = nuspec.Descendants().Where(e => e.Name.LocalName == "group").ToList();
        var dependencies = nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!, StringComparer.Ordinal);
        var expected = Floors[id].ToDictionary(f => f.Key, f => f.Value == "this" ? packed.Version : f.Value, StringComparer.Ordinal);

        if (id == "CopilotMetrics.Cli")
        {
            Assert.Contains(nuspec.Descendants(), e => e.Name.LocalName == "packageType" && (string?)e.Attribute("name") == "DotnetTool");
        }
        else
        {
            // One target framework: net10.0.
            Assert.Equal(["net10.0"], groups.Select(g => (string?)g.Attribute("targetFramework")));
        }

        // "X" in a nuspec is the range [X, ): X at the least, anything newer.
        Assert.Equal(expected.OrderBy(d => d.Key, StringComparer.Ordinal), dependencies.OrderBy(d => d.Key, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_library_was_compiled_against_exactly_its_floors(string id)
    {
        packed.EnsurePacked();
        if (id == "CopilotMetrics.Cli")
        {
            return; // a tool, built against the tests' versions and shipped with them
        }

        // The restore of the pack's own build: a floor the feed lacks would have been replaced by a newer version.
        var assets = Path.Combine(packed.Artifacts, "obj", id, "project.assets.json");
        using var json = JsonDocument.Parse(File.ReadAllText(assets));
        var resolved = json.RootElement.GetProperty("targets").GetProperty("net10.0").EnumerateObject()
            .Where(p => p.Value.GetProperty("type").GetString() == "package")
            .Select(p => p.Name.Split('/'))
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        foreach (var (dependency, floor) in Floors[id].Where(f => f.Value != "this"))
        {
            Assert.True(resolved.TryGetValue(dependency, out var version), $"{id}: {dependency} was not restored");
            Assert.Equal((dependency, floor), (dependency, version));
        }
    }

    private static XDocument Nuspec(ZipArchive package)
    {
        using var stream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream);
    }
}
