using CopilotMetrics.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers a store under every role of the contract, replacing a store registered before. Compiled into each store
/// package (shared source, internal), so that every store registers the same roles.
/// </summary>
internal static class MetricsStoreRegistration
{
    public static void AddRoles<TStore>(IServiceCollection services)
        where TStore : class, IMetricsStore
    {
        services.RemoveAll<IMetricsStore>();
        services.RemoveAll<IMetricsReader>();
        services.RemoveAll<IMetricsWriter>();
        services.RemoveAll<ISyncStateStore>();
        services.AddSingleton<IMetricsStore>(static sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IMetricsReader>(static sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IMetricsWriter>(static sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<ISyncStateStore>(static sp => sp.GetRequiredService<TStore>());
    }
}
