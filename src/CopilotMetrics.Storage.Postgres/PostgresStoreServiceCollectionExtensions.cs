using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL <see cref="IMetricsStore"/>.</summary>
public static class PostgresStoreServiceCollectionExtensions
{
    /// <summary>
    /// Uses a <see cref="PostgresMetricsStore"/> (a singleton) as the <see cref="IMetricsStore"/>, replacing a store
    /// registered before. Without <see cref="PostgresStoreOptions.ConnectionString"/> or
    /// <see cref="PostgresStoreOptions.DataSource"/>, it uses the <see cref="NpgsqlDataSource"/> registered in the
    /// container. The options are validated when the store is first resolved (and at host start with
    /// <c>ValidateOnStart</c>); the schema is migrated or validated, per <see cref="PostgresStoreOptions.SchemaMode"/>, on
    /// first use — call <see cref="PostgresMetricsStore.InitializeAsync"/> at start-up to do it earlier.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddCopilotMetrics</c>.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static ICopilotMetricsBuilder AddPostgresStore(this ICopilotMetricsBuilder builder, Action<PostgresStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<PostgresStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStoreOptions>, PostgresStoreOptionsValidator>());
        services.RemoveAll<IMetricsStore>();
        services.RemoveAll<PostgresMetricsStore>();
        services.AddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value;
            var time = sp.GetService<TimeProvider>();
            if (options.DataSource is null && string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                var dataSource = sp.GetService<NpgsqlDataSource>()
                    ?? throw new InvalidOperationException("AddPostgresStore: set PostgresStoreOptions.ConnectionString or DataSource, or register an NpgsqlDataSource (for example with AddNpgsqlDataSource).");
                return new PostgresMetricsStore(options.With(dataSource), time);
            }

            return new PostgresMetricsStore(options, time);
        });
        services.AddSingleton<IMetricsStore>(static sp => sp.GetRequiredService<PostgresMetricsStore>());
        return builder;
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
