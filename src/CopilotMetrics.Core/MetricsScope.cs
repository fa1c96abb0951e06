using System.Diagnostics.CodeAnalysis;

namespace CopilotMetrics;

/// <summary>An organization or enterprise whose Copilot usage metrics are read. Written <c>org:NAME</c> or <c>enterprise:SLUG</c>.</summary>
/// <remarks>
/// GitHub treats organization logins and enterprise slugs without regard to case, so two scopes are equal when their
/// kinds are equal and their names differ at most in the case of ASCII letters (<c>org:Octo</c> is <c>org:octo</c>);
/// logins and slugs are ASCII letters, digits and hyphens, and other characters compare exactly, as PostgreSQL's
/// <c>lower(name COLLATE "C")</c> does. <see cref="Name"/> and <see cref="ToString"/> keep the name as written.
/// </remarks>
public readonly record struct MetricsScope
{
    private static readonly System.Buffers.SearchValues<char> InvalidNameChars = System.Buffers.SearchValues.Create("/?#%\\ ");

    /// <summary>Creates a scope.</summary>
    /// <param name="kind">Organization or enterprise.</param>
    /// <param name="name">The organization login or enterprise slug.</param>
    public MetricsScope(ScopeKind kind, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown scope kind.");
        }

        if (name.AsSpan().IndexOfAny(InvalidNameChars) >= 0)
        {
            throw new ArgumentException($"'{name}' is not a valid organization login or enterprise slug.", nameof(name));
        }

        Kind = kind;
        Name = name;
    }

    /// <summary>Organization or enterprise.</summary>
    public ScopeKind Kind { get; }

    /// <summary>The organization login or enterprise slug.</summary>
    public string Name { get; }

    /// <summary>An organization scope.</summary>
    /// <param name="login">The organization login.</param>
    /// <returns>The scope.</returns>
    public static MetricsScope Organization(string login) => new(ScopeKind.Organization, login);

    /// <summary>An enterprise scope.</summary>
    /// <param name="slug">The enterprise slug.</param>
    /// <returns>The scope.</returns>
    public static MetricsScope Enterprise(string slug) => new(ScopeKind.Enterprise, slug);

    /// <summary>Parses <c>org:NAME</c>, <c>organization:NAME</c>, <c>enterprise:SLUG</c> or <c>ent:SLUG</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="FormatException">The text is not a scope.</exception>
    public static MetricsScope Parse(string text) =>
        TryParse(text, out var scope) ? scope : throw new FormatException($"'{text}' is not a scope: write org:NAME or enterprise:SLUG.");

    /// <summary>Tries to parse <c>org:NAME</c> or <c>enterprise:SLUG</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="scope">The scope, when the text is one.</param>
    /// <returns>Whether the text is a scope.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out MetricsScope scope)
    {
        scope = default;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0 || colon == text!.Length - 1)
        {
            return false;
        }

        var prefix = text[..colon].Trim();
        var name = text[(colon + 1)..].Trim();
        ScopeKind kind;
        if (prefix.Equals("org", StringComparison.OrdinalIgnoreCase) || prefix.Equals("organization", StringComparison.OrdinalIgnoreCase))
        {
            kind = ScopeKind.Organization;
        }
        else if (prefix.Equals("enterprise", StringComparison.OrdinalIgnoreCase) || prefix.Equals("ent", StringComparison.OrdinalIgnoreCase))
        {
            kind = ScopeKind.Enterprise;
        }
        else
        {
            return false;
        }

        if (name.Length == 0 || name.AsSpan().IndexOfAny(InvalidNameChars) >= 0)
        {
            return false;
        }

        scope = new MetricsScope(kind, name);
        return true;
    }

    /// <summary>Whether both name the same organization or enterprise: the same kind, and names equal but for the case of ASCII letters.</summary>
    /// <param name="other">The other scope.</param>
    /// <returns>Whether they are the same scope.</returns>
    public bool Equals(MetricsScope other)
    {
        if (Kind != other.Kind)
        {
            return false;
        }

        var a = Name.AsSpan();
        var b = other.Name.AsSpan();
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (FoldAscii(a[i]) != FoldAscii(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A hash that ignores the case of ASCII letters in the name, like <see cref="Equals(MetricsScope)"/>.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Kind);
        foreach (var c in Name.AsSpan())
        {
            hash.Add(FoldAscii(c));
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => Kind == ScopeKind.Organization ? $"org:{Name}" : $"enterprise:{Name}";

    private static char FoldAscii(char c) => c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
}
