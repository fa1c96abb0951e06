namespace CopilotMetrics.Storage.Sqlite;

/// <summary>Options of <see cref="SqliteMetricsStore"/>.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The default of <see cref="BusyTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The database file (created, with its folder, when missing). Several processes may use one file: each write
    /// takes SQLite's write lock for the moment it commits a day; readers never wait for writers (WAL).
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// How long an operation waits for a file that another process holds locked (SQLite's <c>busy_timeout</c>) before
    /// it fails with a <see cref="TimeoutException"/> that names the file. At least 1 ms; SQLite's command retry rounds the
    /// wait up to whole seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = DefaultBusyTimeout;

    /// <summary>The deflate level (0–9) of the lossless copy's chunks: 1, the default, is fast and about as small as higher levels on report JSON.</summary>
    public int CompressionLevel { get; set; } = 1;

    /// <summary>The problems of these options (empty when valid).</summary>
    /// <returns>The messages.</returns>
    public IReadOnlyList<string> GetErrors()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Path))
        {
            errors.Add("SqliteStoreOptions.Path is required: the SQLite database file of the store.");
        }
        else if (Path.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add("SqliteStoreOptions.Path contains a NUL character.");
        }

        if (BusyTimeout < TimeSpan.FromMilliseconds(1) || BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            errors.Add("SqliteStoreOptions.BusyTimeout must be between 1 ms and 24 days.");
        }

        if (CompressionLevel is < 0 or > 9)
        {
            errors.Add("SqliteStoreOptions.CompressionLevel must be between 0 and 9.");
        }

        return errors;
    }

    /// <summary>Throws when the options are not valid.</summary>
    /// <exception cref="ArgumentException">The options are not valid; the message lists why.</exception>
    public void Validate()
    {
        var errors = GetErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }
}
