using CopilotMetrics.Reports;

namespace CopilotMetrics.Testing.Internal;

/// <summary>The five Copilot CLI customization categories of the 2026-09-17 report fields.</summary>
internal enum Customization
{
    Skill,
    CustomAgent,
    Mcp,
    SlashCommand,
    Plugin,
}

/// <summary>
/// What a scope's users can customize the CLI with: a few GitHub-provided items (named in reports) and pools of
/// customer-defined ones (masked as <c>other</c>, or <c>custom</c> for slash commands). An item is a key: the index of a
/// named item, or <see cref="CustomKey"/> plus its index in the scope's pool, so that a scope-wide distinct count can be
/// recomputed from the users' usage.
/// </summary>
internal static class Customizations
{
    public const int Categories = 5;

    /// <summary>Keys from here on are customer-defined items.</summary>
    public const int CustomKey = 1000;

    /// <summary>The top five: the most used items a report lists.</summary>
    public const int Top = 5;

    /// <summary>Names shown for GitHub-provided items, per category (the simulation's own; plugins are all customer-defined).</summary>
    public static readonly string[][] Named =
    [
        ["pr-summary", "test-runner", "changelog", "release-notes", "security-review", "docs-writer"],
        ["explore", "task", "general-purpose", "code-review"],
        ["github-mcp-server"],
        ["/plan", "/model", "/compact", "/review", "/clear", "/mcp", "/agent", "/delegate"],
        [],
    ];

    /// <summary>The chance that a user who customizes the CLI has each named item of a category among theirs.</summary>
    public static readonly double[] NamedShare = [0.25, 0.3, 0.85, 0.35, 0];

    /// <summary>The name of the masked entry of a category.</summary>
    public static string Mask(int category) => category == (int)Customization.SlashCommand ? CustomizationNames.Custom : CustomizationNames.Other;

    /// <summary>The customer-defined pool size of each category for a population.</summary>
    public static int[] Pools(int users)
    {
        var skills = Math.Min(80, 3 + (users / 30));
        return [skills, Math.Min(30, 1 + (users / 60)), Math.Min(40, 2 + (users / 50)), Math.Min(40, 2 + (users / 50)), Math.Max(1, skills / 4)];
    }

    /// <summary>The plugin a customer-defined skill belongs to, or -1: every third skill comes from a plugin.</summary>
    public static int PluginOf(int customSkill, int plugins) => customSkill % 3 == 0 ? (customSkill / 3) % plugins : -1;

    /// <summary>Builds a category's entries from item counts: named items by name, customer-defined ones merged under the mask; the top five by count.</summary>
    public static TItem[] Entries<TItem>(int category, List<(int Key, long Count)> usage, List<(string Name, long Count)> scratch, Func<string, long, TItem> create)
    {
        scratch.Clear();
        long masked = 0;
        foreach (var (key, count) in usage)
        {
            if (key >= CustomKey || category == (int)Customization.Plugin)
            {
                masked += count;
            }
            else
            {
                scratch.Add((Named[category][key], count));
            }
        }

        if (masked > 0)
        {
            scratch.Add((Mask(category), masked));
        }

        scratch.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Name, b.Name));
        var result = new TItem[Math.Min(Top, scratch.Count)];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = create(scratch[i].Name, scratch[i].Count);
        }

        return result;
    }
}
