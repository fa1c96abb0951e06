namespace CopilotMetrics.Storage.Postgres;

/// <summary>What <see cref="PostgresMetricsStore"/> does with its schema when it starts.</summary>
public enum SchemaMode
{
    /// <summary>Creates the schema or upgrades it to the version this library needs (the default). Safe when many instances start at once.</summary>
    Migrate = 0,

    /// <summary>Changes nothing; fails with a clear message unless the schema is exactly at the version this library needs (for databases a DBA migrates with <see cref="PostgresSchema.GetMigrationScript"/>).</summary>
    Validate = 1,

    /// <summary>Neither checks nor changes the schema.</summary>
    None = 2,
}
