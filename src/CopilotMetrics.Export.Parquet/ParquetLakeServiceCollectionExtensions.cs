using CopilotMetrics.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CopilotMetrics.Export.Parquet;

/// <summary>Registers a Parquet lake that follows the store.</summary>
public static class ParquetLakeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="ParquetLakeExporter"/> and a <see cref="ParquetLakeSink"/> as an <see cref="IStoredDaySink"/>:
    /// the sync engine then exports each day it stores. The store's <see cref="IMetricsReader"/> must be registered.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the lake's options (its directory at least).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddParquetLake(this IServiceCollection services, Action<ParquetLakeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ParquetLakeOptions();
        configure(options);
        options.Validate();
        services.TryAddSingleton(sp => new ParquetLakeExporter(options, sp.GetService<ILogger<ParquetLakeExporter>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStoredDaySink, ParquetLakeSink>());
        return services;
    }
}
