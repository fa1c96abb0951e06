using CopilotMetrics.Samples.Console;

// Ctrl+C cancels the running command through its CancellationToken (it stops between records and exits with 130);
// a second Ctrl+C ends the process at once.
using var cancellation = new CancellationTokenSource();
ConsoleCancelEventHandler onCancel = (_, e) =>
{
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};
System.Console.CancelKeyPress += onCancel;

// Redirected output (CI, a file) has no width to respect: give tables room instead of Spectre's 80 columns.
if (System.Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = Math.Max(Spectre.Console.AnsiConsole.Profile.Width, 160);
}

var app = CliApp.Create();

try
{
    return await app.RunAsync(args, cancellation.Token);
}
finally
{
    System.Console.CancelKeyPress -= onCancel;
}
