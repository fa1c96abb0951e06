using System.ComponentModel;
using CopilotMetrics.Samples.Console.Hosting;
using CopilotMetrics.Storage.Sqlite;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CopilotMetrics.Samples.Console.Commands;

/// <summary>
/// <c>backup FILE</c>: copies the SQLite store (the default file, or <c>--database</c>) to one self-contained file, online
/// (SQLite's backup API: one consistent snapshot while a sync may be writing).
/// </summary>
public sealed class BackupCommand : AsyncCommand<BackupCommand.Settings>
{
    /// <summary>The options of <c>backup</c>.</summary>
    public sealed class Settings : StoreSettings
    {
        /// <summary>The backup file.</summary>
        [CommandArgument(0, "<FILE>")]
        [Description("The backup file (replaced when it exists, only by a complete backup).")]
        public string File { get; set; } = "";
    }

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Store ??= "sqlite";
        var setup = CliSetup.Resolve(settings);
        if (setup.Store != StoreKind.Sqlite)
        {
            return CliErrors.Usage("backup copies the SQLite file: use --store sqlite (the default) and --database PATH; back PostgreSQL up with pg_dump.");
        }

        if (!File.Exists(setup.DatabasePath))
        {
            return CliErrors.Usage($"There is no SQLite file at {setup.DatabasePath} ({setup.DatabasePathSource}): run 'sync' first, or pass --database PATH.");
        }

        using var store = new SqliteMetricsStore(new SqliteStoreOptions { Path = setup.DatabasePath });
        await store.BackupAsync(settings.File, cancellationToken);
        var size = new FileInfo(Path.GetFullPath(settings.File)).Length;
        AnsiConsole.Console.MarkupLineInterpolated($"Backed up [blue]{setup.DatabasePath}[/] to [blue]{Path.GetFullPath(settings.File)}[/] ({size / 1048576.0:N1} MiB). To restore: stop the processes using the store, delete its -wal and -shm files, copy the backup over it.");
        return ExitCodes.Success;
    }
}
