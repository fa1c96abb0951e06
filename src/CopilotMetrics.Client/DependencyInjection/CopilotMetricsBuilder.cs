namespace Microsoft.Extensions.DependencyInjection;

internal sealed class CopilotMetricsBuilder(IServiceCollection services) : ICopilotMetricsBuilder
{
    public IServiceCollection Services { get; } = services;
}
