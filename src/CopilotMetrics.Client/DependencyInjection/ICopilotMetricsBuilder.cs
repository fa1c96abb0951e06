namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Returned by <c>AddCopilotMetrics</c>: chain the sync engine (<c>CopilotMetrics.Sync</c>), the simulator (<c>CopilotMetrics.Testing</c>) and other parts onto it.</summary>
public interface ICopilotMetricsBuilder
{
    /// <summary>The service collection.</summary>
    IServiceCollection Services { get; }
}
