using CopilotMetrics.Samples.Console;
using CopilotMetrics.Samples.Console.Hosting;

// Ctrl+C (SIGINT) and SIGTERM cancel the running command through its CancellationToken: it stops between records,
// releases its sync claims and exits with 130 (SIGINT) or 143 (SIGTERM); a second signal ends the process at once.
using var signals = new CliSignals();

// Redirected output (CI, a file) has no width to respect: give tables room instead of Spectre's 80 columns.
if (System.Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = Math.Max(Spectre.Console.AnsiConsole.Profile.Width, 160);
}

var app = CliApp.Create();
CliErrors.Signals = signals;
var exit = await app.RunAsync(args, signals.Token);
return exit == ExitCodes.Cancelled ? signals.CancelledExitCode : exit;
