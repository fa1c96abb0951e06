namespace CopilotMetrics.Sync;

/// <summary>The outcome of <see cref="SyncJob.RunOnceAsync"/>.</summary>
/// <param name="Result">What the run did; <see langword="null"/> when it did not run.</param>
/// <param name="ExitCode">The process exit code (<see cref="SyncJob.Success"/>, <see cref="SyncJob.Failed"/>, <see cref="SyncJob.BadConfiguration"/>, <see cref="SyncJob.Incomplete"/>).</param>
/// <param name="Error">Why it did not run (invalid options), naming what to fix.</param>
public sealed record SyncJobResult(SyncResult? Result, int ExitCode, string? Error);
