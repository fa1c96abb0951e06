using System.Collections;
using System.Net;

namespace CopilotMetrics.Testing;

/// <summary>Which of the simulator's endpoints a fault applies to (and which endpoint a logged request went to).</summary>
[Flags]
public enum FaultTarget
{
    /// <summary>No endpoint: a request the simulator could not route.</summary>
    None = 0,

    /// <summary>The report endpoints on the API host, which answer with the envelope of signed links.</summary>
    Envelope = 1,

    /// <summary>The signed report file downloads on the download host.</summary>
    Download = 2,

    /// <summary>The seats endpoints (<c>…/copilot/billing/seats</c>).</summary>
    Seats = 4,

    /// <summary>Every endpoint.</summary>
    Any = Envelope | Download | Seats,
}

/// <summary>What a <see cref="SimulatorFault"/> does to a matching request.</summary>
public enum FaultKind
{
    /// <summary>Answers <see cref="SimulatorFault.StatusCode"/> (default 500; use 502 or 503 too).</summary>
    ServerError = 0,

    /// <summary>Answers 429 with a secondary-limit message and <c>retry-after</c> when <see cref="SimulatorFault.RetryAfter"/> is set.</summary>
    RateLimited429 = 1,

    /// <summary>Answers 403 "You have exceeded a secondary rate limit", with <c>retry-after</c> when <see cref="SimulatorFault.RetryAfter"/> is set.</summary>
    SecondaryRateLimit403 = 2,

    /// <summary>Answers 403 with <c>x-ratelimit-remaining: 0</c> and <c>x-ratelimit-reset</c> = now + <see cref="SimulatorFault.ResetAfter"/>.</summary>
    PrimaryRateLimit403 = 3,

    /// <summary>On an envelope: the links handed out are already expired. On a download: the link is rejected as expired (403).</summary>
    ExpiredLink = 4,

    /// <summary>Downloads only: the body is cut short (see <see cref="SimulatorFault.Truncation"/>).</summary>
    TruncatedBody = 5,

    /// <summary>Downloads only: line <see cref="SimulatorFault.Line"/> of the file is replaced with broken JSON.</summary>
    MalformedLine = 6,

    /// <summary>Envelopes only: answers 204 No Content, as for a day without a report.</summary>
    NoContent = 7,

    /// <summary>Answers 403 (a missing permission on the API host; an authorization failure on the download host).</summary>
    Forbidden403 = 8,

    /// <summary>Answers 404.</summary>
    NotFound404 = 9,

    /// <summary>Delays the response by <see cref="SimulatorFault.Delay"/> (on the simulator's clock), then answers normally.</summary>
    Latency = 10,
}

/// <summary>How a <see cref="FaultKind.TruncatedBody"/> fault cuts a download short.</summary>
public enum TruncationMode
{
    /// <summary>The full <c>Content-Length</c> is declared but only about half of the bytes are sent.</summary>
    ShortBody = 0,

    /// <summary>About half of the bytes are sent, then reading the body throws <see cref="IOException"/> (a dropped connection).</summary>
    DroppedConnection = 1,
}

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
        FaultKind.TruncatedBody or FaultKind.MalformedLine => target == FaultTarget.Download,
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

/// <summary>What the simulator knows about a request when it looks for faults.</summary>
internal readonly record struct RequestFacts(FaultTarget Target, MetricsScope? Scope, ReportType? Report, DateOnly? Day, int? FileIndex);

/// <summary>The faults of a <see cref="GitHubSimulator"/>; safe to change from any thread while requests run.</summary>
public sealed class SimulatorFaultCollection : IReadOnlyCollection<SimulatorFault>
{
    private readonly object _sync = new();
    private readonly Random _random;
    private SimulatorFault[] _faults = [];

    internal SimulatorFaultCollection(int seed) => _random = new Random(seed);

    /// <summary>How many faults there are (used up ones included).</summary>
    public int Count => Volatile.Read(ref _faults).Length;

    /// <summary>Adds a fault; it applies from the next request on.</summary>
    /// <param name="fault">The fault (validated).</param>
    /// <returns>The fault, to check <see cref="SimulatorFault.Applied"/> later.</returns>
    public SimulatorFault Add(SimulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        fault.Validate();
        lock (_sync)
        {
            _faults = [.. _faults, fault];
        }

        return fault;
    }

    /// <summary>Removes a fault.</summary>
    /// <param name="fault">The fault.</param>
    /// <returns>Whether it was there.</returns>
    public bool Remove(SimulatorFault fault)
    {
        lock (_sync)
        {
            var index = Array.IndexOf(_faults, fault);
            if (index < 0)
            {
                return false;
            }

            _faults = [.. _faults.AsSpan(0, index), .. _faults.AsSpan(index + 1)];
            return true;
        }
    }

    /// <summary>Removes every fault.</summary>
    public void Clear()
    {
        lock (_sync)
        {
            _faults = [];
        }
    }

    /// <inheritdoc />
    public IEnumerator<SimulatorFault> GetEnumerator() => ((IEnumerable<SimulatorFault>)Volatile.Read(ref _faults)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The delay of the matching latency faults and the first other matching fault, each use taken.</summary>
    internal (SimulatorFault? Fault, TimeSpan Delay) Resolve(in RequestFacts facts)
    {
        SimulatorFault? chosen = null;
        var delay = TimeSpan.Zero;
        foreach (var fault in Volatile.Read(ref _faults))
        {
            if (!fault.Matches(facts) || (fault.Kind != FaultKind.Latency && chosen is not null) || !fault.TryConsume(Draw))
            {
                continue;
            }

            if (fault.Kind == FaultKind.Latency)
            {
                delay += fault.Delay;
            }
            else
            {
                chosen = fault;
            }
        }

        return (chosen, delay);
    }

    private double Draw()
    {
        lock (_random)
        {
            return _random.NextDouble();
        }
    }
}
