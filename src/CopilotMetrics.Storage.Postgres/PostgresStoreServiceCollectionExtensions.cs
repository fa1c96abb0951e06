using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL store.</summary>
public static class PostgresStoreServiceCollectionExtensions
{
    /// <summary>
    /// Uses a <see cref="PostgresMetricsStore"/> (a singleton) as every role of the store (<see cref="IMetricsStore"/>,
    /// <see cref="IMetricsReader"/>, <see cref="IMetricsWriter"/>, <see cref="ISyncStateStore"/>), replacing a store
    /// registered before. Without <see cref="PostgresStoreOptions.ConnectionString"/> or
    /// <see cref="PostgresStoreOptions.DataSource"/>, it uses the <see cref="NpgsqlDataSource"/> registered in the
    /// container. The options are validated when the store is first resolved (and at host start with
    /// <c>ValidateOnStart</c>); the schema is migrated or validated, per <see cref="PostgresStoreOptions.SchemaMode"/>, on
    /// first use — call <see cref="PostgresMetricsStore.InitializeAsync"/> at start-up to do it earlier.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddPostgresMetricsStore(this IServiceCollection services, Action<PostgresStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PostgresStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStoreOptions>, PostgresStoreOptionsValidator>());
        services.RemoveAll<PostgresMetricsStore>();
        services.AddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value;
            var time = sp.GetService<TimeProvider>();
            if (options.DataSource is null && string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                var dataSource = sp.GetService<NpgsqlDataSource>()
                    ?? throw new InvalidOperationException("AddPostgresMetricsStore: set PostgresStoreOptions.ConnectionString or DataSource, or register an NpgsqlDataSource (for example with AddNpgsqlDataSource).");
                return new PostgresMetricsStore(options.With(dataSource), time);
            }

            return new PostgresMetricsStore(options, time);
        });
        MetricsStoreRegistration.AddRoles<PostgresMetricsStore>(services);
        return services;
    }

    /// <summary>
    /// Uses <paramref name="store"/> as every role of the store, replacing a store registered before: for a store
    /// created outside the container (shared by several providers, or set up by a test or a tool). The container does
    /// not dispose it.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="store">The store.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddPostgresMetricsStore(this IServiceCollection services, PostgresMetricsStore store)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(store);
        services.RemoveAll<PostgresMetricsStore>();
        services.AddSingleton(store);
        MetricsStoreRegistration.AddRoles<PostgresMetricsStore>(services);
        return services;
    }

    private sealed class PostgresStoreOptionsValidator(IServiceProvider services) : IValidateOptions<PostgresStoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, PostgresStoreOptions options)
        {
            var errors = options.GetErrors(dataSourceFromServices: services.GetService<NpgsqlDataSource>() is not null);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
