using System.Diagnostics.Metrics;
using CopilotMetrics.Storage;

namespace CopilotMetrics.Samples.Web.Services;

/// <summary>
/// The usage numbers themselves as observable gauges on the meter <see cref="MeterName"/>, one series per scope (tag
/// <c>scope</c>): daily, weekly and monthly active users and the acceptance rate of the latest stored day. Gauge
/// callbacks are synchronous, so the numbers are read from the store in the background (every minute and after each
/// manual sync) and the callbacks report the last snapshot.
/// </summary>
internal sealed partial class UsageMetrics : BackgroundService
{
    public const string MeterName = "CopilotMetrics.Usage";

    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly IMetricsReader? _store;
    private readonly WebSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<UsageMetrics> _logger;
    private volatile IReadOnlyList<ScopeUsage> _snapshot = [];

    public UsageMetrics(IMeterFactory meterFactory, WebSettings settings, TimeProvider time, ILogger<UsageMetrics> logger, IMetricsReader? store = null)
    {
        _store = store;
        _settings = settings;
        _time = time;
        _logger = logger;
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("copilot_metrics.usage.daily_active_users", () => Measure(u => u.Daily), "{user}", "Daily active users of the latest stored day.");
        meter.CreateObservableGauge("copilot_metrics.usage.weekly_active_users", () => Measure(u => u.Weekly), "{user}", "Weekly active users of the latest stored day.");
        meter.CreateObservableGauge("copilot_metrics.usage.monthly_active_users", () => Measure(u => u.Monthly), "{user}", "Monthly active users of the latest stored day.");
        meter.CreateObservableGauge(
            "copilot_metrics.usage.acceptance_rate",
            () => _snapshot.Where(u => u.AcceptanceRate is not null).Select(u => new Measurement<double>(u.AcceptanceRate!.Value, new KeyValuePair<string, object?>("scope", u.Scope))),
            null,
            "Code acceptances per code generation of the latest stored day (0..1).");
    }

    public IReadOnlyList<ScopeUsage> Snapshot => _snapshot;

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return;
        }

        var today = ApiQuery.Today(_time);
        var list = new List<ScopeUsage>();
        foreach (var scope in _settings.Scopes)
        {
            var series = await _store.GetDailySeriesAsync(scope, new DateRange(today.AddDays(-400), today), cancellationToken);
            if (series.Count > 0)
            {
                var last = series.MaxBy(d => d.Day)!;
                list.Add(new ScopeUsage(scope.ToString(), last.Day, last.DailyActiveUsers, last.WeeklyActiveUsers, last.MonthlyActiveUsers, last.Activity.AcceptanceRate));
            }
        }

        _snapshot = list;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_store is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, _time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRefreshFailed(_logger, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private IEnumerable<Measurement<int>> Measure(Func<ScopeUsage, int> value) =>
        _snapshot.Select(u => new Measurement<int>(value(u), new KeyValuePair<string, object?>("scope", u.Scope)));

    [LoggerMessage(1, LogLevel.Warning, "Could not refresh the usage gauges")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}

internal sealed record ScopeUsage(string Scope, DateOnly Day, int Daily, int Weekly, int Monthly, double? AcceptanceRate);
