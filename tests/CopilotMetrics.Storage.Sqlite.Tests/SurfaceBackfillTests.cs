using CopilotMetrics.Testing;
using Microsoft.Data.Sqlite;

namespace CopilotMetrics.Storage.Sqlite.Tests;

/// <summary>Migration 0003: the per-user days stored before it get their surface bitmaps from the lossless copy when the file is opened.</summary>
public sealed class SurfaceBackfillTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Days_stored_without_surface_bitmaps_get_them_from_the_lossless_copy_when_the_file_is_opened()
    {
        var path = _folder.File("metrics.db");
        var scope = MetricsScope.Organization("octo");
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 7, Users = 60, Teams = 3 });
        var range = new DateRange(new DateOnly(2026, 9, 12), new DateOnly(2026, 9, 15));
        IReadOnlyList<SurfaceUserCount> expected;
        using (var store = new SqliteMetricsStore(new SqliteStoreOptions { Path = path }))
        {
            foreach (var day in range.EachDay())
            {
                await store.ReplaceUserDayAsync(scope, day, Stream(generator.GenerateUsers(day)));
            }

            expected = await store.GetSurfaceUsersAsync(scope, range, teamId: null);
        }

        Assert.Contains(expected, r => r.Surface == SurfaceKeys.CopilotApp);

        // As before 0003: no surface bitmaps, every stored day listed for the back-fill.
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM day_user_bits WHERE dimension = 5; INSERT INTO surface_backfill (scope_id, day) SELECT DISTINCT scope_id, day FROM day_user_bits WHERE dimension = 0;";
            command.ExecuteNonQuery();
        }

        using (var reopened = new SqliteMetricsStore(new SqliteStoreOptions { Path = path }))
        {
            Assert.Equal(expected, await reopened.GetSurfaceUsersAsync(scope, range, teamId: null));
        }
    }

    private static async IAsyncEnumerable<T> Stream<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
