using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite store.</summary>
public static class SqliteStoreServiceCollectionExtensions
{
    /// <summary>
    /// Uses a <see cref="SqliteMetricsStore"/> (a singleton) as every role of the store (<see cref="IMetricsStore"/>,
    /// <see cref="IMetricsReader"/>, <see cref="IMetricsWriter"/>, <see cref="ISyncStateStore"/>), replacing a store
    /// registered before. The options are validated when the store is first resolved and at host start
    /// (<c>ValidateOnStart</c>); the file is created and migrated on first use — call
    /// <see cref="SqliteMetricsStore.InitializeAsync"/> at start-up to do it earlier.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (at least <see cref="SqliteStoreOptions.Path"/>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSqliteMetricsStore(this IServiceCollection services, Action<SqliteStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SqliteStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStoreOptions>, SqliteStoreOptionsValidator>());
        services.RemoveAll<SqliteMetricsStore>();
        services.AddSingleton(static sp => new SqliteMetricsStore(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value, sp.GetService<TimeProvider>()));
        MetricsStoreRegistration.AddRoles<SqliteMetricsStore>(services);
        return services;
    }

    private sealed class SqliteStoreOptionsValidator : IValidateOptions<SqliteStoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, SqliteStoreOptions options)
        {
            var errors = options.GetErrors();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
