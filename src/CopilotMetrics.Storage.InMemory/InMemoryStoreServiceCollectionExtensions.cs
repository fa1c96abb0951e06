using CopilotMetrics.Storage;
using CopilotMetrics.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-memory store.</summary>
public static class InMemoryStoreServiceCollectionExtensions
{
    /// <summary>
    /// Uses an <see cref="InMemoryMetricsStore"/> (one per service provider, a singleton) as every role of the store
    /// (<see cref="IMetricsStore"/>, <see cref="IMetricsReader"/>, <see cref="IMetricsWriter"/>,
    /// <see cref="ISyncStateStore"/>), replacing a store registered before. It takes the registered
    /// <see cref="TimeProvider"/>, if any. Everything stored is lost when the process ends.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddInMemoryMetricsStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.RemoveAll<InMemoryMetricsStore>();
        services.AddSingleton(static sp => new InMemoryMetricsStore(sp.GetService<TimeProvider>()));
        MetricsStoreRegistration.AddRoles<InMemoryMetricsStore>(services);
        return services;
    }

    /// <summary>
    /// Uses <paramref name="store"/> as every role of the store, replacing a store registered before: for a store that
    /// outlives one service provider (a CLI that builds a provider per command, a test that inspects the store).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="store">The store; the container does not dispose it.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddInMemoryMetricsStore(this IServiceCollection services, InMemoryMetricsStore store)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(store);
        services.RemoveAll<InMemoryMetricsStore>();
        services.AddSingleton(store);
        MetricsStoreRegistration.AddRoles<InMemoryMetricsStore>(services);
        return services;
    }
}
