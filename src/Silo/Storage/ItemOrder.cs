namespace PreSessions.Silo.Storage;

/// <summary>
/// Where each item of one list goes in storage, so that a write touches only the items that came, changed or went.
/// Items are read back in the order of a number stored with each (<see cref="ItemRow.Order"/>). An item that stays
/// keeps its number; a new item at the end takes the next number up, one between its neighbours takes one between
/// theirs (numbers leave wide gaps for that); only when no number fits is the whole list renumbered, one write that
/// rewrites the list, after which the gaps are wide again.
/// </summary>
public static class ItemOrder
{
    /// <summary>The gap between consecutive numbers when a list is (re)numbered or grows at its end.</summary>
    public const long Gap = 1L << 20;

    /// <summary>An item as the storage last wrote it: its number and the object it was written from.</summary>
    public readonly record struct Stored(long Order, object Value);

    /// <summary>What a write does to one list: rows to insert or replace, keys to delete, and the list as stored after.</summary>
    public sealed record Plan(
        IReadOnlyList<(string Key, long Order, object Value)> Upserts,
        IReadOnlyList<string> Deletes,
        Dictionary<string, Stored> After);

    /// <summary>
    /// Plans the write that turns the stored list <paramref name="stored"/> into <paramref name="items"/> (keys and values
    /// in their order). An item is unchanged while it is the same object (records are immutable).
    /// </summary>
    public static Plan For(IReadOnlyDictionary<string, Stored> stored, IReadOnlyList<(string Key, object Value)> items)
    {
        // Kept in place: stored items that still come in their stored order (a greedy increasing run).
        var kept = new long?[items.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lastKept = long.MinValue;
        for (var i = 0; i < items.Count; i++)
        {
            if (!seen.Add(items[i].Key))
                throw new InvalidOperationException($"Two items have the key '{items[i].Key}' in one list.");
            if (stored.TryGetValue(items[i].Key, out var was) && was.Order > lastKept)
                kept[i] = lastKept = was.Order;
        }

        var orders = new long[items.Count];
        if (!TryNumberBetweenKept(kept, orders))
        {
            for (var i = 0; i < items.Count; i++)
                orders[i] = (i + 1) * Gap;
        }

        var upserts = new List<(string, long, object)>();
        var after = new Dictionary<string, Stored>(items.Count, StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var (key, value) = items[i];
            var unchanged = stored.TryGetValue(key, out var was) && was.Order == orders[i] && ReferenceEquals(was.Value, value);
            if (!unchanged)
                upserts.Add((key, orders[i], value));
            after[key] = new Stored(orders[i], value);
        }
        var deletes = stored.Keys.Where(key => !after.ContainsKey(key)).ToList();
        return new Plan(upserts, deletes, after);
    }

    /// <summary>Numbers the items between the kept ones; false when some run of new items does not fit between its neighbours.</summary>
    private static bool TryNumberBetweenKept(long?[] kept, long[] orders)
    {
        var previous = 0L;
        for (var i = 0; i < kept.Length;)
        {
            if (kept[i] is { } order)
            {
                orders[i++] = previous = order;
                continue;
            }
            var end = i;
            while (end < kept.Length && kept[end] is null)
                end++;
            var count = end - i;
            if (end == kept.Length)
            {
                // At the end: room enough, always (a list would need 2^43 items to run out of longs).
                for (var k = 0; k < count; k++)
                    orders[i + k] = previous + (k + 1) * Gap;
                return true;
            }
            var next = kept[end]!.Value;
            var step = (next - previous) / (count + 1);
            if (step < 1)
                return false;
            for (var k = 0; k < count; k++)
                orders[i + k] = previous + (k + 1) * step;
            i = end;
        }
        return true;
    }
}
