using System.Globalization;
using Npgsql;

namespace CopilotMetrics.Storage.Postgres.Internal;

/// <summary>
/// Creates the monthly partitions of <c>user_days</c> and <c>raw_chunks</c> before the first write of a month (in their
/// own short transaction, under an advisory lock, so concurrent writers create each partition once).
/// </summary>
internal sealed class Partitions(string schema, string quoted)
{
    public static readonly string[] Tables = ["user_days", "raw_chunks"];

    /// <summary>The month key (year * 12 + month - 1) of a day.</summary>
    public static int MonthOf(DateOnly day) => (day.Year * 12) + day.Month - 1;

    public static DateOnly FirstDay(int month) => new(month / 12, (month % 12) + 1, 1);

    public static string Name(string table, int month) =>
        string.Create(CultureInfo.InvariantCulture, $"{table}_p{month / 12:D4}_{(month % 12) + 1:D2}");

    /// <summary>Makes sure the month's partitions exist, using <paramref name="connection"/> (which must not be in a transaction).</summary>
    public async Task EnsureAsync(NpgsqlConnection connection, DateOnly day, int timeoutSeconds, CancellationToken cancellationToken)
    {
        // Checked on every write (one cheap catalog lookup): a purge in another process may have dropped the month.
        var month = MonthOf(day);
        {
            using var check = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL", connection) { CommandTimeout = timeoutSeconds };
            check.Parameters.Add(new NpgsqlParameter { Value = $"{quoted}.\"{Name(Tables[0], month)}\"" });
            check.Parameters.Add(new NpgsqlParameter { Value = $"{quoted}.\"{Name(Tables[1], month)}\"" });
            if ((bool)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return;
            }
        }

        await CreateAsync(connection, month, timeoutSeconds, cancellationToken).ConfigureAwait(false);
    }

    private async Task CreateAsync(NpgsqlConnection connection, int month, int timeoutSeconds, CancellationToken cancellationToken)
    {
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction) { CommandTimeout = timeoutSeconds })
                {
                    lockCommand.Parameters.Add(new NpgsqlParameter { Value = Sql.LockKey(schema, "partition", month) });
                    await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                // Creating a partition locks its parent; both parents at once, in the writers' order (no deadlock).
                using (var lockTables = new NpgsqlCommand($"LOCK TABLE {quoted}.{Tables[0]}, {quoted}.{Tables[1]} IN ACCESS EXCLUSIVE MODE", connection, transaction) { CommandTimeout = timeoutSeconds })
                {
                    await lockTables.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                foreach (var table in Tables)
                {
                    var name = Name(table, month);
                    bool exists;
                    using (var check = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, transaction) { CommandTimeout = timeoutSeconds })
                    {
                        check.Parameters.Add(new NpgsqlParameter { Value = $"{quoted}.\"{name}\"" });
                        exists = (bool)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                    }

                    if (exists)
                    {
                        continue;
                    }

                    // Identifiers only (the schema is validated and quoted, the partition name is generated from digits);
                    // the bounds are ISO dates generated here, not values from a caller.
                    var from = FirstDay(month).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    var to = FirstDay(month + 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    var sql = $"CREATE TABLE IF NOT EXISTS {quoted}.\"{name}\" PARTITION OF {quoted}.{table} FOR VALUES FROM ('{from}') TO ('{to}')";
                    if (table == "raw_chunks")
                    {
                        // The chunks are compressed already: keep TOAST from trying again.
                        sql += $"; ALTER TABLE {quoted}.\"{name}\" ALTER COLUMN data SET STORAGE EXTERNAL";
                    }

                    using var create = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = timeoutSeconds };
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
