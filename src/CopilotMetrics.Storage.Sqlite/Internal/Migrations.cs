using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace CopilotMetrics.Storage.Sqlite.Internal;

/// <summary>
/// The embedded migrations (<c>Migrations/NNNN_name.sql</c>), applied in order in one <c>BEGIN IMMEDIATE</c> transaction
/// (SQLite's write lock: processes that open the file at once take turns, and the second finds the work done), each
/// recorded in <c>schema_migrations</c> (version, name, SHA-256 of the script, applied at).
/// </summary>
internal static class Migrations
{
    private static readonly (int Version, string Name, string Sql, string Checksum)[] All = Load();

    public static int Latest => All[^1].Version;

    public static void Apply(SqliteConnection connection, long nowTicks, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
        using var db = new Db(connection, transaction);
        db.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        var applied = new Dictionary<int, (string Name, string Checksum)>();
        using (var reader = db.Reader("SELECT version, name, checksum FROM schema_migrations"))
        {
            while (reader.Read())
            {
                applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
            }
        }

        if (applied.Count > 0 && applied.Keys.Max() > Latest)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The SQLite file '{connection.DataSource}' has schema version {applied.Keys.Max()}, newer than this version of CopilotMetrics.Storage.Sqlite knows ({Latest}); upgrade the package or use a backup."));
        }

        foreach (var (version, name, sql, checksum) in All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (applied.TryGetValue(version, out var done))
            {
                if (!string.Equals(done.Checksum, checksum, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"Migration {version} ({done.Name}) of the SQLite file '{connection.DataSource}' was applied from a different script (checksum {done.Checksum}, this version's {checksum})."));
                }

                continue;
            }

            db.Execute(sql);
            db.Execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($v, $n, $c, $t)", ("$v", version), ("$n", name), ("$c", checksum), ("$t", nowTicks));
        }

        transaction.Commit();
    }

    private static (int, string, string, string)[] Load()
    {
        var assembly = typeof(Migrations).Assembly;
        var result = new List<(int, string, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(static n => n.StartsWith("Migrations.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var file = resource["Migrations.".Length..^".sql".Length];
            var version = int.Parse(file.AsSpan(0, 4), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var text = new StreamReader(stream, Encoding.UTF8);
            var sql = text.ReadToEnd().ReplaceLineEndings("\n");
            var checksum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql))).ToLowerInvariant();
            result.Add((version, file, sql, checksum));
        }

        return [.. result];
    }
}
