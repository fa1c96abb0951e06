using Microsoft.Extensions.Options;

namespace CopilotMetrics.Sync;

/// <summary>The data-annotation rules of <see cref="SyncOptions"/>, source-generated.</summary>
[OptionsValidator]
internal sealed partial class SyncOptionsValidator : IValidateOptions<SyncOptions>;

/// <summary>The rules of <see cref="SyncOptions"/> that span several fields or need more than an attribute.</summary>
internal sealed class SyncOptionsRules : IValidateOptions<SyncOptions>
{
    private const string Prefix = "CopilotMetrics:Sync:";

    public ValidateOptionsResult Validate(string? name, SyncOptions options)
    {
        var failures = new List<string>();
        if (options.Scopes.Count == 0)
        {
            failures.Add($"{Prefix}Scopes is empty: list the organizations and enterprises to sync, e.g. org:my-org or enterprise:my-ent.");
        }

        foreach (var scope in options.Scopes)
        {
            if (!MetricsScope.TryParse(scope, out _))
            {
                failures.Add($"{Prefix}Scopes entry '{scope}' is not a scope: write org:NAME or enterprise:SLUG.");
            }
        }

        if (options.Datasets.Count == 0)
        {
            failures.Add($"{Prefix}Datasets is empty: list one or more of Aggregate, Users, UserTeams, Repositories, Seats.");
        }

        foreach (var dataset in options.Datasets.Where(static d => !Enum.IsDefined(d)))
        {
            failures.Add($"{Prefix}Datasets holds an unknown dataset ({(int)dataset}).");
        }

        if (options.RefreshDays < 0 || options.RefreshDays > options.BackfillDays)
        {
            failures.Add($"{Prefix}RefreshDays must be between 0 and BackfillDays ({options.BackfillDays}) (got {options.RefreshDays}).");
        }

        if (options.RetentionDays > 0 && options.RetentionDays < options.BackfillDays)
        {
            failures.Add($"{Prefix}RetentionDays must be 0 (keep everything) or at least BackfillDays ({options.BackfillDays}) (got {options.RetentionDays}).");
        }

        if (options.Schedule is { } schedule && !Cronos.CronExpression.TryParse(schedule, out _))
        {
            failures.Add($"{Prefix}Schedule '{schedule}' is not a five-field cron expression such as '0 6 * * *'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
