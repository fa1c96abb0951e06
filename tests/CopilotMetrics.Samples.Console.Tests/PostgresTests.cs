namespace CopilotMetrics.Samples.Console.Tests;

/// <summary>The tests on the shared PostgreSQL server (<see cref="PostgresFixture"/>); xunit wants this in the test assembly.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresTests : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Postgres";
}
