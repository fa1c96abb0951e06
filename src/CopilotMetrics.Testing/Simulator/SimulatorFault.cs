using System.Net;

namespace CopilotMetrics.Testing;

/// <summary>
/// A failure injected into the simulator: what it matches, what happens and how often. Add it with
/// <c>simulator.Faults.Add(…)</c>; set its properties before adding it. With neither <see cref="Times"/> nor
/// <see cref="Probability"/> it applies to every matching request.
/// </summary>
/// <remarks>
/// Faults are tried in the order they were added: every matching <see cref="FaultKind.Latency"/> fault adds its
/// delay, and the first other matching fault decides the answer. A fault only matches the endpoints its kind makes
/// sense for (for example <see cref="FaultKind.MalformedLine"/> only downloads, <see cref="FaultKind.NoContent"/>
/// only envelopes).
/// </remarks>
public sealed class SimulatorFault
{
    private readonly object _sync = new();
    private int _applied;
    private int _consumed;

    /// <summary>The endpoints it applies to. Default <see cref="FaultTarget.Any"/>.</summary>
    public FaultTarget Target { get; set; } = FaultTarget.Any;

    /// <summary>Only requests about this organization or enterprise; <see langword="null"/> for any.</summary>
    public MetricsScope? Scope { get; set; }

    /// <summary>Only requests for this report (envelopes and downloads); <see langword="null"/> for any.</summary>
    public ReportType? Report { get; set; }

    /// <summary>Only requests for this day (the window's last day for 28-day reports); <see langword="null"/> for any.</summary>
    public DateOnly? Day { get; set; }

    /// <summary>Downloads only: only this file of the report (0-based); <see langword="null"/> for any.</summary>
    public int? FileIndex { get; set; }

    /// <summary>What happens.</summary>
    public FaultKind Kind { get; set; }

    /// <summary>The status of a <see cref="FaultKind.ServerError"/> (500–599). Default 500.</summary>
    public HttpStatusCode StatusCode { get; set; } = HttpStatusCode.InternalServerError;

    /// <summary>The <c>retry-after</c> of a rate-limit fault (whole seconds, rounded up); <see langword="null"/> sends none.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>When a <see cref="FaultKind.PrimaryRateLimit403"/> limit resets, from now. Default 60 s.</summary>
    public TimeSpan ResetAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The delay of a <see cref="FaultKind.Latency"/> fault.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>How a <see cref="FaultKind.TruncatedBody"/> fault cuts the body. Default <see cref="TruncationMode.ShortBody"/>.</summary>
    public TruncationMode Truncation { get; set; }

    /// <summary>The 1-based line a <see cref="FaultKind.MalformedLine"/> fault breaks (the last line when the file is shorter). Default 1.</summary>
    public int Line { get; set; } = 1;

    /// <summary>
    /// The properties an <see cref="FaultKind.ExtraProperty"/> fault adds to every record, as paths: <c>totals_by_x</c> on
    /// the record, <c>totals_by_ide[].new_field</c> in each entry of a list, <c>totals_by_cli.new_counter</c> in a nested
    /// object (where the record has that list or object). Default <c>totals_by_x</c>.
    /// </summary>
    public IReadOnlyList<string> ExtraProperties { get; set; } = ["totals_by_x"];

    /// <summary>Applies to the next this-many matching requests only; <see langword="null"/> for no limit.</summary>
    public int? Times { get; set; }

    /// <summary>Applies to a matching request with this probability (0–1), drawn from a <see cref="Random"/> seeded by <see cref="GitHubSimulatorOptions.Seed"/>; <see langword="null"/> always.</summary>
    public double? Probability { get; set; }

    /// <summary>How many requests the fault has been applied to so far.</summary>
    public int Applied => Volatile.Read(ref _applied);

    /// <summary>Checks the fault.</summary>
    /// <exception cref="ArgumentException">A value is invalid.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown fault kind.");
        }

        if ((Target & FaultTarget.Any) == FaultTarget.None || (Target & ~FaultTarget.Any) != FaultTarget.None)
        {
            throw new ArgumentOutOfRangeException(nameof(Target), Target, "Target must name at least one endpoint.");
        }

        if (Kind == FaultKind.ServerError && (int)StatusCode is < 500 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(StatusCode), StatusCode, "A ServerError fault's StatusCode must be 500–599.");
        }

        if (RetryAfter < TimeSpan.Zero || ResetAfter < TimeSpan.Zero || Delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryAfter), "RetryAfter, ResetAfter and Delay must not be negative.");
        }

        if (Kind == FaultKind.ExtraProperty && (ExtraProperties is null || ExtraProperties.Count == 0 || ExtraProperties.Any(p => string.IsNullOrEmpty(p) || p.EndsWith('.') || p.EndsWith("[]", StringComparison.Ordinal))))
        {
            throw new ArgumentException("An ExtraProperty fault needs ExtraProperties: paths such as totals_by_x or totals_by_ide[].new_field.", nameof(ExtraProperties));
        }

        if (Line < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Line), Line, "Line is 1-based.");
        }

        if (Times < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Times), Times, "Times must not be negative.");
        }

        if (Probability is { } p && !(p is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Probability), Probability, "Probability must be between 0 and 1.");
        }

        if (FileIndex < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FileIndex), FileIndex, "FileIndex is 0-based.");
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Kind} on {Target}" + (Scope is { } s ? $" {s}" : "") + (Report is { } r ? $" {r}" : "") + (Day is { } d ? $" {d:yyyy-MM-dd}" : "") +
        (Times is { } t ? $" ×{t}" : "") + (Probability is { } p ? $" p={p}" : "");

    /// <summary>Whether the fault can act on this endpoint at all.</summary>
    internal bool AppliesTo(FaultTarget target) => (Target & target) != 0 && Kind switch
    {
        FaultKind.TruncatedBody or FaultKind.MalformedLine or FaultKind.ExtraProperty => target == FaultTarget.Download,
        FaultKind.NoContent => target == FaultTarget.Envelope,
        FaultKind.ExpiredLink => target is FaultTarget.Envelope or FaultTarget.Download,
        _ => true,
    };

    internal bool Matches(in RequestFacts facts) =>
        AppliesTo(facts.Target)
        && (Scope is not { } scope || (facts.Scope is { } actual && scope.Kind == actual.Kind && string.Equals(scope.Name, actual.Name, StringComparison.OrdinalIgnoreCase)))
        && (Report is not { } report || facts.Report == report)
        && (Day is not { } day || facts.Day == day)
        && (FileIndex is not { } file || facts.FileIndex == file);

    /// <summary>Takes one use of the fault, if it has one left and the probability draw allows it.</summary>
    internal bool TryConsume(Func<double> draw)
    {
        lock (_sync)
        {
            if (Times is { } times && _consumed >= times)
            {
                return false;
            }

            if (Probability is { } p && draw() >= p)
            {
                return false;
            }

            _consumed++;
            _applied++;
            return true;
        }
    }
}
