using CopilotMetrics.Storage.Postgres.Internal;
using Npgsql;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>Options of <see cref="PostgresMetricsStore"/>.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>The default schema name, <c>copilot_metrics</c>.</summary>
    public const string DefaultSchema = "copilot_metrics";

    /// <summary>
    /// The connection string, for example <c>Host=db;Database=metrics;Username=app;Password=…</c>. Leave it
    /// <see langword="null"/> to use <see cref="DataSource"/>, or, with dependency injection, an
    /// <see cref="NpgsqlDataSource"/> registered in the container.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>A data source to use instead of <see cref="ConnectionString"/> (the store does not dispose it).</summary>
    public NpgsqlDataSource? DataSource { get; set; }

    /// <summary>The schema that holds the tables. Default <c>copilot_metrics</c>; lower-case letters, digits and underscores.</summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>What to do with the schema at start-up. Default <see cref="SchemaMode.Migrate"/>.</summary>
    public SchemaMode SchemaMode { get; set; } = SchemaMode.Migrate;

    /// <summary>The timeout of each command (a write of a large day is one COPY and counts as one command). Default 5 minutes.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The zlib level (1 fastest – 9 smallest) of the compressed lossless copy of per-row records. Default 2: about 13×
    /// smaller than the JSON at about 500 MB/s; 5 is about 22× at about 200 MB/s. Applies to days written afterwards.
    /// </summary>
    public int RawCompressionLevel { get; set; } = 2;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message says which and why.</exception>
    public void Validate()
    {
        var errors = GetErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid PostgresStoreOptions: " + string.Join(" ", errors));
        }
    }

    internal PostgresStoreOptions With(NpgsqlDataSource dataSource) => new()
    {
        DataSource = dataSource,
        Schema = Schema,
        SchemaMode = SchemaMode,
        CommandTimeout = CommandTimeout,
        RawCompressionLevel = RawCompressionLevel,
    };

    internal List<string> GetErrors(bool dataSourceFromServices = false)
    {
        var errors = new List<string>();
        if (DataSource is null && string.IsNullOrWhiteSpace(ConnectionString) && !dataSourceFromServices)
        {
            errors.Add("Set ConnectionString or DataSource (or register an NpgsqlDataSource in the service collection).");
        }

        if (!Sql.IsValidSchemaName(Schema))
        {
            errors.Add($"Schema '{Schema}' is not a valid schema name: use 1-63 lower-case letters, digits and underscores, starting with a letter or underscore.");
        }

        if (!Enum.IsDefined(SchemaMode))
        {
            errors.Add($"SchemaMode {(int)SchemaMode} is not defined.");
        }

        if (CommandTimeout <= TimeSpan.Zero || CommandTimeout.TotalSeconds > int.MaxValue)
        {
            errors.Add($"CommandTimeout must be positive (was {CommandTimeout}).");
        }

        if (RawCompressionLevel is < 1 or > 9)
        {
            errors.Add($"RawCompressionLevel must be between 1 and 9 (was {RawCompressionLevel}).");
        }

        return errors;
    }
}
