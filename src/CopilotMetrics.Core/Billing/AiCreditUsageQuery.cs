namespace CopilotMetrics.Billing;

/// <summary>
/// The filters of an AI-credit usage request (<c>…/settings/billing/ai_credit/usage</c>). Every filter is optional; GitHub
/// defaults the year and the month to the current ones (UTC), so <c>new AiCreditUsageQuery()</c> asks for the current
/// month. Names are matched by GitHub without regard to case.
/// </summary>
/// <remarks>
/// <see cref="Organization"/> and <see cref="CostCenterId"/> exist on the enterprise endpoint only: the client refuses
/// them for an organization before sending anything. GitHub keeps 24 months of usage.
/// </remarks>
public sealed record AiCreditUsageQuery
{
    private readonly int? _year;
    private readonly int? _month;
    private readonly int? _day;
    private readonly string? _user;
    private readonly string? _model;
    private readonly string? _product;
    private readonly string? _organization;
    private readonly string? _costCenterId;

    /// <summary>The year (four digits); <see langword="null"/> for the current year.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a four-digit year.</exception>
    public int? Year
    {
        get => _year;
        init => _year = value is null or (>= 1000 and <= 9999) ? value : throw new ArgumentOutOfRangeException(nameof(Year), value, "The year must have four digits.");
    }

    /// <summary>The month (1–12); <see langword="null"/> for the current month.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not between 1 and 12.</exception>
    public int? Month
    {
        get => _month;
        init => _month = value is null or (>= 1 and <= 12) ? value : throw new ArgumentOutOfRangeException(nameof(Month), value, "The month must be between 1 and 12.");
    }

    /// <summary>The day of the month (1–31); <see langword="null"/> for the whole month.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not between 1 and 31.</exception>
    public int? Day
    {
        get => _day;
        init => _day = value is null or (>= 1 and <= 31) ? value : throw new ArgumentOutOfRangeException(nameof(Day), value, "The day must be between 1 and 31.");
    }

    /// <summary>Only the usage of this user (login).</summary>
    /// <exception cref="ArgumentException">Empty or blank.</exception>
    public string? User
    {
        get => _user;
        init => _user = NotBlank(value, nameof(User));
    }

    /// <summary>Only the usage of this model.</summary>
    /// <exception cref="ArgumentException">Empty or blank.</exception>
    public string? Model
    {
        get => _model;
        init => _model = NotBlank(value, nameof(Model));
    }

    /// <summary>Only the usage of this product, for example <c>Copilot</c>.</summary>
    /// <exception cref="ArgumentException">Empty or blank.</exception>
    public string? Product
    {
        get => _product;
        init => _product = NotBlank(value, nameof(Product));
    }

    /// <summary>Enterprise endpoint only: the usage of this organization of the enterprise.</summary>
    /// <exception cref="ArgumentException">Empty or blank.</exception>
    public string? Organization
    {
        get => _organization;
        init => _organization = NotBlank(value, nameof(Organization));
    }

    /// <summary>Enterprise endpoint only: the usage of this cost center (its id), or <see cref="NoCostCenter"/> for the usage of no cost center.</summary>
    /// <exception cref="ArgumentException">Empty or blank.</exception>
    public string? CostCenterId
    {
        get => _costCenterId;
        init => _costCenterId = NotBlank(value, nameof(CostCenterId));
    }

    /// <summary>The <see cref="CostCenterId"/> GitHub reads as "usage not associated with any cost center": <c>none</c>.</summary>
    public static string NoCostCenter => "none";

    /// <summary>Whether the query uses a filter that only the enterprise endpoint has (<see cref="Organization"/>, <see cref="CostCenterId"/>).</summary>
    public bool HasEnterpriseOnlyFilters => _organization is not null || _costCenterId is not null;

    /// <summary>The usage of one day (UTC).</summary>
    /// <param name="day">The day.</param>
    /// <returns>The query.</returns>
    public static AiCreditUsageQuery ForDay(DateOnly day) => new() { Year = day.Year, Month = day.Month, Day = day.Day };

    /// <summary>The usage of one month.</summary>
    /// <param name="year">The year (four digits).</param>
    /// <param name="month">The month (1–12).</param>
    /// <returns>The query.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The year or the month is out of range.</exception>
    public static AiCreditUsageQuery ForMonth(int year, int month) => new() { Year = year, Month = month };

    private static string? NotBlank(string? value, string name) =>
        value is not null && string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} must not be empty; leave it null to not filter.", name) : value;
}
