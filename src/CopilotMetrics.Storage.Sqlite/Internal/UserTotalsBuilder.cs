using CopilotMetrics.Storage.Internal;

namespace CopilotMetrics.Storage.Sqlite.Internal;

/// <summary>Per-user sums over the stored per-user days of a range, by ordinal, days added in ascending order.</summary>
internal sealed class UserTotalsBuilder
{
    private int _size;

    public ActivityCounts[] Activity { get; private set; } = [];

    public double[] Credits { get; private set; } = [];

    public bool[] HasCredits { get; private set; } = [];

    public int[] ActiveDays { get; private set; } = [];

    /// <summary>The index (in the order added) of each user's last day.</summary>
    public int[] LastDay { get; private set; } = [];

    /// <summary>The user's row on <see cref="LastDay"/>.</summary>
    public int[] LastRow { get; private set; } = [];

    public long[] UserIds { get; private set; } = [];

    public void AddDay(int dayIndex, ReadOnlySpan<byte> facts)
    {
        var reader = new BlobReader(facts);
        long previous = 0;
        var row = 0;
        while (!reader.End)
        {
            UserFactsBlob.Read(ref reader, ref previous, out var ordinal, out var userId, out var activity, out var credits);
            if (ordinal >= _size)
            {
                Grow(ordinal + 1);
            }

            Activity[ordinal] += activity;
            if (credits is { } used)
            {
                Credits[ordinal] += used;
                HasCredits[ordinal] = true;
            }

            ActiveDays[ordinal]++;
            LastDay[ordinal] = dayIndex;
            LastRow[ordinal] = row++;
            UserIds[ordinal] = userId;
        }
    }

    /// <summary>The ordinals with at least one row.</summary>
    public int[] Users()
    {
        var users = new List<int>();
        for (var i = 0; i < _size; i++)
        {
            if (ActiveDays[i] > 0)
            {
                users.Add(i);
            }
        }

        return [.. users];
    }

    /// <summary>The order of the totals: the sort key, then the user id ascending.</summary>
    public Comparison<int> Comparer(UserTotalsSort sort, bool descending, Func<int, string> login) =>
        UserTotalsOrder.Comparer(sort, descending, UserIds, Activity, ActiveDays, login);

    private void Grow(int size)
    {
        var capacity = Math.Max(size, _size * 2);
        Activity = Resize(Activity, capacity);
        Credits = Resize(Credits, capacity);
        HasCredits = Resize(HasCredits, capacity);
        ActiveDays = Resize(ActiveDays, capacity);
        LastDay = Resize(LastDay, capacity);
        LastRow = Resize(LastRow, capacity);
        UserIds = Resize(UserIds, capacity);
        _size = capacity;
    }

    private static T[] Resize<T>(T[] array, int size)
    {
        Array.Resize(ref array, size);
        return array;
    }
}
