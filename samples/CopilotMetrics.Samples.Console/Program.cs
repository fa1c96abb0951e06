using CopilotMetrics.Samples.Console;
using CopilotMetrics.Samples.Console.Commands;
using Spectre.Console.Cli;

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

var app = new CommandApp();
app.SetDefaultCommand<DemoCommand>();
app.Configure(config =>
{
    config.SetApplicationName("copilot-metrics");
    config.UseStrictParsing();
    config.SetExceptionHandler(CliErrors.Handle);
    config.CancellationExitCode(ExitCodes.Cancelled);

    config.AddCommand<DemoCommand>("demo")
        .WithDescription("The client against an offline GitHub simulator: the latest 28-day report and a users report (the default command; no token, no network).");

    config.AddCommand<SummaryCommand>("summary")
        .WithDescription("Show what the bundled sample reports hold.");

    config.AddCommand<ReadCommand>("read")
        .WithDescription("Stream any report file (NDJSON or .gz, any size) and summarise it. " +
                         "Exit code 0 when done, 1 on a malformed record, 2 on bad usage or a missing file.")
        .WithExample("read", "SampleData/users-28-day.example.ndjson")
        .WithExample("read", "users-28-day.ndjson.gz", "--skip-bad-lines")
        .WithExample("read", "org-28-day.ndjson", "--kind", "aggregate")
        .WithExample("read", "big.ndjson", "--max-record-bytes", "67108864");
});

try
{
    return await app.RunAsync(args, cancellation.Token);
}
finally
{
    System.Console.CancelKeyPress -= onCancel;
}
