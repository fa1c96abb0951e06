using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using CopilotMetrics.Storage;

namespace CopilotMetrics.Core.Tests.Storage;

public sealed class DayRecordValidatorTests
{
    private static readonly DateOnly Day = new(2026, 6, 1);
    private static readonly DateOnly NextDay = new(2026, 6, 2);

    private static UserDayRecord User(long id, DateOnly? day = null) => new() { Day = day ?? Day, UserId = id };

    private static UserTeamRecord Member(long team, long user, DateOnly? day = null) => new() { Day = day ?? Day, TeamId = team, UserId = user };

    /// <summary>The refusal: exactly an <see cref="ArgumentException"/>, naming the parameter, saying why and that nothing was stored.</summary>
    private static void AssertRefused(Action check, string reason, string parameter = "records")
    {
        var error = Assert.Throws<ArgumentException>(check);
        Assert.Equal(parameter, error.ParamName);
        Assert.Equal($"{reason} Nothing was stored. (Parameter '{parameter}')", error.Message);
    }

    [Fact]
    public void Records_of_the_day_with_distinct_keys_pass_and_are_returned_as_they_are()
    {
        var check = new DayRecordValidator(Day);
        UserDayRecord[] users = [User(1), User(2), User(3)];
        UserTeamRecord[] members = [Member(10, 1), Member(10, 2), Member(11, 1)]; // one user in two teams, two users in one team
        RepositoryDayRecord[] repos = [new() { Day = Day, RepositoryId = 5 }, new() { Day = null, RepositoryId = 6 }, new() { Day = Day, RepositoryId = 5 }];
        CopilotSeat[] seats = [new(), new()];

        Assert.Equal(Day, check.Day);
        Assert.All(users, u => Assert.Same(u, check.Check(u)));
        Assert.All(members, m => Assert.Same(m, check.Check(m)));
        Assert.All(repos, r => Assert.Same(r, check.Check(r)));
        Assert.All(seats, s => Assert.Same(s, check.Check(s)));
    }

    [Fact]
    public void A_null_record_is_refused_for_every_dataset()
    {
        var check = new DayRecordValidator(Day);

        AssertRefused(() => check.Check((UserDayRecord?)null), "The UserDayRecord stream yielded null.");
        AssertRefused(() => check.Check((UserTeamRecord?)null), "The UserTeamRecord stream yielded null.");
        AssertRefused(() => check.Check((RepositoryDayRecord?)null), "The RepositoryDayRecord stream yielded null.");
        AssertRefused(() => check.Check((CopilotSeat?)null), "The CopilotSeat stream yielded null.");
    }

    [Fact]
    public void A_record_of_another_day_is_refused()
    {
        var check = new DayRecordValidator(Day);

        AssertRefused(() => check.Check(User(1, NextDay)), "A per-user record of 2026-06-02 was written to the day 2026-06-01.");
        AssertRefused(() => check.Check(Member(10, 1, new DateOnly(2026, 5, 31))), "A user-team record of 2026-05-31 was written to the day 2026-06-01.");
        AssertRefused(() => check.Check(new RepositoryDayRecord { Day = NextDay, RepositoryId = 1 }), "A repository record of 2026-06-02 was written to the day 2026-06-01.");
    }

    [Fact]
    public void A_repository_record_without_a_day_is_accepted()
    {
        var record = new RepositoryDayRecord { RepositoryId = 1, RepositoryName = "acme/api" };

        Assert.Same(record, new DayRecordValidator(Day).Check(record));
    }

    [Fact]
    public void A_user_twice_in_the_per_user_rows_is_refused()
    {
        var check = new DayRecordValidator(Day);
        check.Check(User(7));
        check.Check(User(8));

        AssertRefused(() => check.Check(User(7)), "User 7 appears twice in the per-user rows of 2026-06-01; a users report has one row per user and day.");
    }

    [Fact]
    public void A_user_twice_in_one_team_is_refused_but_in_two_teams_is_not()
    {
        var check = new DayRecordValidator(Day);
        check.Check(Member(10, 7));
        check.Check(Member(11, 7));
        check.Check(Member(10, 8));

        AssertRefused(() => check.Check(Member(11, 7)), "User 7 appears twice in team 11 on 2026-06-01; a user-teams report has one row per user and team.");
    }

    [Fact]
    public void Per_user_and_membership_keys_are_checked_apart_and_each_validator_starts_afresh()
    {
        var check = new DayRecordValidator(Day);
        check.Check(User(7));
        check.Check(Member(7, 7)); // user 7 as a member: not a repeat of the per-user row

        // Another stream: user 7 and its membership are new there.
        var next = new DayRecordValidator(Day);
        var user = User(7);
        var member = Member(7, 7);
        Assert.Same(user, next.Check(user));
        Assert.Same(member, next.Check(member));
    }

    [Fact]
    public void The_exception_names_the_parameter_given()
    {
        var check = new DayRecordValidator(Day, "users");

        AssertRefused(() => check.Check(User(1, NextDay)), "A per-user record of 2026-06-02 was written to the day 2026-06-01.", "users");
    }
}
