using CopilotMetrics.Reports;
using CopilotMetrics.Seats;

namespace CopilotMetrics.Storage.Conformance;

/// <summary>
/// The behaviour every <see cref="IMetricsStore"/> must have: derive a test class in the store's test project and
/// implement <see cref="CreateStoreAsync"/>. Each test gets a fresh, empty store (a database store gives each test
/// its own schema or database); stores that implement <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>
/// are disposed after the test.
/// </summary>
/// <remarks>
/// The tests pin down the contract in <see cref="IMetricsStore"/>'s documentation and, where it is silent, the
/// choices both stores make (each such test says so in a comment). Expected values are computed by hand in the
/// comments next to the data, except in the randomized cross-check, which compares against a plain LINQ oracle.
/// </remarks>
public abstract partial class MetricsStoreConformanceTests : IAsyncLifetime
{
    /// <summary>An organization whose name looks like SQL (quotes, semicolon, comment marker; no characters a scope forbids).</summary>
    protected static readonly MetricsScope Tricky = MetricsScope.Organization("o'r\"g;--DROP_TABLE");

    /// <summary>The main scope of the tests.</summary>
    protected static readonly MetricsScope Org = MetricsScope.Organization("acme");

    /// <summary>Another organization.</summary>
    protected static readonly MetricsScope OtherOrg = MetricsScope.Organization("globex");

    /// <summary>An enterprise with the same name as <see cref="Org"/>: a different scope.</summary>
    protected static readonly MetricsScope Enterprise = MetricsScope.Enterprise("acme");

    /// <summary>A Monday.</summary>
    protected static readonly DateOnly D = new(2026, 6, 1);

    private readonly List<IMetricsStore> _stores = [];

    /// <summary>Creates a fresh, empty store for one test.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IMetricsStore> CreateStoreAsync();

    /// <summary>Runs before each test.</summary>
    /// <returns>A task.</returns>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Disposes the stores the test created.</summary>
    /// <returns>A task.</returns>
    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private async Task<IMetricsStore> NewStoreAsync()
    {
        var store = await CreateStoreAsync();
        _stores.Add(store);
        return store;
    }

    // ---- streams and reads --------------------------------------------------------------------------------

    private static async IAsyncEnumerable<T> Stream<T>(params IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    /// <summary>Yields <paramref name="items"/>, then throws <paramref name="failure"/> (a download that breaks off).</summary>
    private static async IAsyncEnumerable<T> Failing<T>(IEnumerable<T> items, Exception failure)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }

        throw failure;
    }

    /// <summary>Yields <paramref name="before"/>, cancels <paramref name="cts"/>, then keeps yielding <paramref name="after"/> (ignoring the token on purpose).</summary>
    private static async IAsyncEnumerable<T> CancellingMidway<T>(IEnumerable<T> before, IEnumerable<T> after, CancellationTokenSource cts)
    {
        foreach (var item in before)
        {
            await Task.Yield();
            yield return item;
        }

        await cts.CancelAsync();
        foreach (var item in after)
        {
            await Task.Yield();
            yield return item;
        }
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static Task<List<UserDayRecord>> UsersAsync(IMetricsStore store, MetricsScope scope, DateOnly day) => ToListAsync(store.GetUserDayAsync(scope, day));

    private static Task<List<UserTeamRecord>> TeamsAsync(IMetricsStore store, MetricsScope scope, DateOnly day) => ToListAsync(store.GetUserTeamDayAsync(scope, day));

    private static Task<List<RepositoryDayRecord>> ReposAsync(IMetricsStore store, MetricsScope scope, DateOnly day) => ToListAsync(store.GetRepositoryDayAsync(scope, day));

    private static Task<List<AggregateDayRecord>> AggregatesAsync(IMetricsStore store, MetricsScope scope, DateRange range) => ToListAsync(store.GetAggregateDaysAsync(scope, range));

    /// <summary>Each record's JSON as <see cref="ReportJson"/> writes it: the lossless comparison.</summary>
    private static List<string> Json<T>(IEnumerable<T> records)
        where T : ReportObject => [.. records.Select(static r => ReportJson.Serialize(r))];

    /// <summary>The content hash of records in the given order, computed directly.</summary>
    private static string HashOf<T>(IEnumerable<T> records)
        where T : ReportObject
    {
        using var hash = new ContentHash();
        foreach (var record in records)
        {
            hash.Add(record);
        }

        return hash.Finish();
    }

    /// <summary>
    /// A rejected write: <see cref="ArgumentException"/> (the caller's data is wrong) or a
    /// <see cref="CopilotMetricsException"/>; never a provider's raw exception such as a unique-key violation.
    /// </summary>
    private static async Task AssertRejectedAsync(Func<Task> write)
    {
        var ex = await Record.ExceptionAsync(write);
        Assert.NotNull(ex);
        Assert.True(ex is ArgumentException or CopilotMetricsException, $"Expected ArgumentException or CopilotMetricsException, got {ex.GetType().FullName}: {ex.Message}");
    }

    /// <summary>The stream's own exception propagates, itself or as an inner exception.</summary>
    private static async Task AssertFailsWithAsync(Exception failure, Func<Task> write)
    {
        var ex = await Record.ExceptionAsync(write);
        Assert.NotNull(ex);
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (ReferenceEquals(e, failure))
            {
                return;
            }
        }

        Assert.Fail($"Expected the stream's exception to propagate, got {ex.GetType().FullName}: {ex.Message}");
    }

    private static DateTimeOffset At(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    // ---- record builders ----------------------------------------------------------------------------------

    /// <summary>The seven counters: interactions, generations, acceptances, LoC suggested to add/delete, LoC added/deleted.</summary>
    private readonly record struct C(long I = 0, long G = 0, long A = 0, long S = 0, long SD = 0, long L = 0, long LD = 0)
    {
        public ActivityCounts Counts => new(I, G, A, S, SD, L, LD);
    }

    private static UserDayRecord User(
        DateOnly day,
        long id,
        string login,
        C c = default,
        double? credits = null,
        IdeTotals[]? ides = null,
        FeatureTotals[]? features = null,
        LanguageFeatureTotals[]? languages = null,
        ModelFeatureTotals[]? models = null) => new()
        {
            Day = day,
            EnterpriseId = "48213",
            OrganizationId = "9917342",
            UserId = id,
            UserLogin = login,
            UserInitiatedInteractionCount = c.I,
            CodeGenerationActivityCount = c.G,
            CodeAcceptanceActivityCount = c.A,
            LocSuggestedToAddSum = c.S,
            LocSuggestedToDeleteSum = c.SD,
            LocAddedSum = c.L,
            LocDeletedSum = c.LD,
            AiCreditsUsed = credits,
            TotalsByIde = ides ?? [],
            TotalsByFeature = features ?? [],
            TotalsByLanguageFeature = languages ?? [],
            TotalsByModelFeature = models ?? [],
        };

    private static IdeTotals Ide(string ide, C c = default) => new()
    {
        Ide = ide,
        UserInitiatedInteractionCount = c.I,
        CodeGenerationActivityCount = c.G,
        CodeAcceptanceActivityCount = c.A,
        LocSuggestedToAddSum = c.S,
        LocSuggestedToDeleteSum = c.SD,
        LocAddedSum = c.L,
        LocDeletedSum = c.LD,
    };

    private static FeatureTotals Feature(string feature, C c = default) => new()
    {
        Feature = feature,
        UserInitiatedInteractionCount = c.I,
        CodeGenerationActivityCount = c.G,
        CodeAcceptanceActivityCount = c.A,
        LocSuggestedToAddSum = c.S,
        LocSuggestedToDeleteSum = c.SD,
        LocAddedSum = c.L,
        LocDeletedSum = c.LD,
    };

    private static LanguageFeatureTotals Lang(string language, string feature, C c = default) => new()
    {
        Language = language,
        Feature = feature,
        UserInitiatedInteractionCount = c.I,
        CodeGenerationActivityCount = c.G,
        CodeAcceptanceActivityCount = c.A,
        LocSuggestedToAddSum = c.S,
        LocSuggestedToDeleteSum = c.SD,
        LocAddedSum = c.L,
        LocDeletedSum = c.LD,
    };

    private static ModelFeatureTotals Model(string model, string feature, C c = default) => new()
    {
        Model = model,
        Feature = feature,
        UserInitiatedInteractionCount = c.I,
        CodeGenerationActivityCount = c.G,
        CodeAcceptanceActivityCount = c.A,
        LocSuggestedToAddSum = c.S,
        LocSuggestedToDeleteSum = c.SD,
        LocAddedSum = c.L,
        LocDeletedSum = c.LD,
    };

    private static AggregateDayRecord Aggregate(
        DateOnly day,
        int dau = 0,
        C c = default,
        IdeTotals[]? ides = null,
        FeatureTotals[]? features = null,
        LanguageFeatureTotals[]? languages = null,
        ModelFeatureTotals[]? models = null,
        int wau = 0,
        int mau = 0,
        int chatMau = 0,
        int agentMau = 0) => new()
        {
            Day = day,
            EnterpriseId = "48213",
            OrganizationId = "9917342",
            DailyActiveUsers = dau,
            WeeklyActiveUsers = wau,
            MonthlyActiveUsers = mau,
            MonthlyActiveChatUsers = chatMau,
            MonthlyActiveAgentUsers = agentMau,
            UserInitiatedInteractionCount = c.I,
            CodeGenerationActivityCount = c.G,
            CodeAcceptanceActivityCount = c.A,
            LocSuggestedToAddSum = c.S,
            LocSuggestedToDeleteSum = c.SD,
            LocAddedSum = c.L,
            LocDeletedSum = c.LD,
            TotalsByIde = ides ?? [],
            TotalsByFeature = features ?? [],
            TotalsByLanguageFeature = languages ?? [],
            TotalsByModelFeature = models ?? [],
        };

    private static UserTeamRecord Member(DateOnly day, long teamId, string slug, long userId, string? login = null) => new()
    {
        Day = day,
        TeamId = teamId,
        Slug = slug,
        UserId = userId,
        UserLogin = login ?? $"user{userId}",
        OrganizationId = "9917342",
    };

    private static RepositoryDayRecord Repo(DateOnly? day, long? id, string name) => new()
    {
        Day = day,
        RepositoryId = id,
        RepositoryName = name,
        OrganizationId = "9917342",
    };

    private static CopilotSeat Seat(long? assigneeId, DateTimeOffset? lastActivityAt, string? login = null) => new()
    {
        Assignee = assigneeId is { } id ? new SeatAssignee { Id = id, Login = login ?? $"user{id}", Type = "User" } : null,
        Organization = new SeatOrganization { Id = 9917342, Login = "acme" },
        LastActivityAt = lastActivityAt,
        LastActivityEditor = lastActivityAt is null ? null : "vscode/1.108.2/copilot-chat/0.37.1",
        CreatedAt = At(2026, 1, 5, 9),
        PlanType = "business",
    };

    private static SyncDayStatus Status(MetricsScope scope, SyncDataset dataset, DateOnly day, SyncDayState state) => new()
    {
        Key = new SyncDayKey(scope, dataset, day),
        State = state,
        UpdatedAt = At(2026, 6, 20, 3),
    };
}
