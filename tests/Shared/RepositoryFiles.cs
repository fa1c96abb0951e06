using System.Text.RegularExpressions;

namespace CopilotMetrics.Tests;

/// <summary>The repository the tests run from: its root, and the README's C# blocks with their snippet markers.</summary>
internal static partial class RepositoryFiles
{
    /// <summary>The folder of CopilotMetrics.sln above the test's output folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// A README C# block with the marker before it that names the snippets project's regions it shows
    /// (<c>&lt;!-- snippet: first-app --&gt;</c>): groups <c>names</c> and <c>code</c>.
    /// </summary>
    [GeneratedRegex(@"<!-- snippet: (?<names>[^>]+?) -->\s*\n```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    public static partial Regex MarkedCSharpBlock();

    /// <summary>README.md, with \n line ends.</summary>
    public static string Readme() => File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CopilotMetrics.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (CopilotMetrics.sln) was not found above " + AppContext.BaseDirectory);
    }
}
