using System.Globalization;
using Npgsql;

namespace CopilotMetrics.Storage.Postgres.Internal;

/// <summary>Applies or checks the embedded migrations.</summary>
internal static class SchemaManager
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Brings the schema to <see cref="PostgresSchema.CurrentVersion"/>: one transaction under
    /// <c>pg_advisory_xact_lock</c>, so instances starting together apply each migration once; an "already exists"
    /// error from a concurrent creator outside the lock is retried and then finds the work done.
    /// </summary>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, string schema, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var quoted = Sql.QuoteSchema(schema);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await MigrateOnceAsync(dataSource, schema, quoted, timeoutSeconds, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PostgresException e) when (attempt < MaxAttempts && IsAlreadyExists(e))
            {
                // Another session created the same object outside our lock (or between our check and create): retry.
            }
        }
    }

    /// <summary>Fails with a message that says what to do unless the schema is exactly at the version this library needs.</summary>
    public static async Task ValidateAsync(NpgsqlDataSource dataSource, string schema, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var quoted = Sql.QuoteSchema(schema);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            bool exists;
            using (var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection) { CommandTimeout = timeoutSeconds })
            {
                command.Parameters.Add(new NpgsqlParameter { Value = quoted + ".schema_migrations" });
                exists = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            var applied = exists ? await AppliedAsync(connection, quoted, timeoutSeconds, cancellationToken).ConfigureAwait(false) : [];
            var problem = Check(applied);
            if (problem is null && applied.Count == PostgresSchema.CurrentVersion)
            {
                return;
            }

            var version = applied.Count == 0 ? 0 : applied.Keys.Max();
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"""
                The PostgreSQL schema "{schema}" is at version {version}{(exists ? "" : " (it has no schema_migrations table)")}, but this version of CopilotMetrics.Storage.Postgres needs version {PostgresSchema.CurrentVersion}{(problem is null ? "" : "; " + problem)}. SchemaMode is Validate, so nothing was changed. Either start once with SchemaMode.Migrate, or have a DBA run PostgresSchema.GetMigrationScript("{schema}", {version}) (psql -v ON_ERROR_STOP=1 -f script.sql).
                """));
        }
    }

    private static async Task MigrateOnceAsync(NpgsqlDataSource dataSource, string schema, string quoted, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction) { CommandTimeout = timeoutSeconds })
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = PostgresSchema.MigrationLockKey(schema) });
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await ExecuteAsync(connection, transaction, PostgresSchema.Bootstrap(quoted), timeoutSeconds, cancellationToken).ConfigureAwait(false);
                var applied = await AppliedAsync(connection, quoted, timeoutSeconds, cancellationToken).ConfigureAwait(false);
                var problem = Check(applied);
                if (problem is not null)
                {
                    throw new InvalidOperationException($"The PostgreSQL schema \"{schema}\" cannot be migrated: {problem}");
                }

                foreach (var migration in PostgresSchema.Migrations.Where(m => !applied.ContainsKey(m.Version)))
                {
                    await ExecuteAsync(connection, transaction, migration.Render(quoted), timeoutSeconds, cancellationToken).ConfigureAwait(false);
                    using var record = new NpgsqlCommand($"INSERT INTO {quoted}.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", connection, transaction) { CommandTimeout = timeoutSeconds };
                    record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                    record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                    record.Parameters.Add(new NpgsqlParameter { Value = migration.Checksum });
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Why the applied migrations do not fit this library, or <see langword="null"/> when they do (possibly with some still to apply).</summary>
    private static string? Check(Dictionary<int, string> applied)
    {
        foreach (var (version, checksum) in applied.OrderBy(a => a.Key))
        {
            if (version > PostgresSchema.CurrentVersion)
            {
                return string.Create(CultureInfo.InvariantCulture, $"it has migration {version}, newer than this library (which knows up to {PostgresSchema.CurrentVersion}); upgrade the package");
            }

            var migration = PostgresSchema.Migrations[version - 1];
            if (!string.Equals(migration.Checksum, checksum, StringComparison.Ordinal))
            {
                return string.Create(CultureInfo.InvariantCulture, $"migration {migration.Name} was applied with checksum {checksum}, but this library's copy has {migration.Checksum}");
            }
        }

        var expected = 1;
        foreach (var version in applied.Keys.Order())
        {
            if (version != expected++)
            {
                return string.Create(CultureInfo.InvariantCulture, $"migration {expected - 1} is missing below migration {version}");
            }
        }

        return null;
    }

    private static async Task<Dictionary<int, string>> AppliedAsync(NpgsqlConnection connection, string quoted, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        using var command = new NpgsqlCommand($"SELECT version, checksum FROM {quoted}.schema_migrations", connection) { CommandTimeout = timeoutSeconds };
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied[reader.GetInt32(0)] = reader.GetString(1);
            }
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, int timeoutSeconds, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = timeoutSeconds };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool IsAlreadyExists(PostgresException e) => e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema
        or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject;
}
