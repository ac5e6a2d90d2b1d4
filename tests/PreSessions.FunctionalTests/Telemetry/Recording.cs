using System.Collections;

namespace PreSessions.FunctionalTests.Telemetry;

/// <summary>
/// What an in-memory exporter exported, safe to read while exporters add to it from their own threads (spans end on
/// the server's threads, and the activity sources are process-wide, so other test classes' hosts add to it too).
/// </summary>
public sealed class Recording<T> : ICollection<T>
{
    private readonly List<T> _items = [];
    private readonly Lock _lock = new();

    public T[] Snapshot()
    {
        lock (_lock) return [.. _items];
    }

    public int Count
    {
        get { lock (_lock) return _items.Count; }
    }

    public bool IsReadOnly => false;

    public void Add(T item)
    {
        lock (_lock) _items.Add(item);
    }

    public void Clear()
    {
        lock (_lock) _items.Clear();
    }

    public bool Contains(T item)
    {
        lock (_lock) return _items.Contains(item);
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_lock) _items.CopyTo(array, arrayIndex);
    }

    public bool Remove(T item)
    {
        lock (_lock) return _items.Remove(item);
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
