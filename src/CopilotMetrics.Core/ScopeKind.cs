namespace CopilotMetrics;

/// <summary>Whether a scope is an organization or an enterprise.</summary>
public enum ScopeKind
{
    /// <summary>A GitHub organization (<c>/orgs/{org}</c>).</summary>
    Organization = 0,

    /// <summary>A GitHub enterprise (<c>/enterprises/{enterprise}</c>).</summary>
    Enterprise = 1,
}
