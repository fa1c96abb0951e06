using CopilotMetrics.Storage;
using CopilotMetrics.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-memory <see cref="IMetricsStore"/>.</summary>
public static class InMemoryStoreServiceCollectionExtensions
{
    /// <summary>
    /// Uses an <see cref="InMemoryMetricsStore"/> (one per service provider, a singleton) as the
    /// <see cref="IMetricsStore"/>, replacing a store registered before. It takes the registered
    /// <see cref="TimeProvider"/>, if any. Everything stored is lost when the process ends.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddCopilotMetrics</c>.</param>
    /// <returns>The builder.</returns>
    public static ICopilotMetricsBuilder AddInMemoryStore(this ICopilotMetricsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IMetricsStore>();
        builder.Services.TryAddSingleton(static sp => new InMemoryMetricsStore(sp.GetService<TimeProvider>()));
        builder.Services.AddSingleton<IMetricsStore>(static sp => sp.GetRequiredService<InMemoryMetricsStore>());
        return builder;
    }
}
