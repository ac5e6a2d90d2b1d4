namespace PreSessions;

/// <summary>
/// A record stored as a small head and long lists of items, one stored row per item, so that a write stores what
/// changed (the head, new and changed items, and which items went) and its bytes stay flat as the lists grow, instead of
/// rewriting the whole record. The silo's grain storage does the diffing (see <c>PartedRecords</c> in the silo).
/// </summary>
/// <remarks>
/// An item is unchanged while the record holds the same object: records are immutable and a command replaces only what
/// it changes, so the storage compares references, never serializes an unchanged item. Items keep their order within
/// their list; a list only appends and removes in the normal run of things, which costs one row each.
/// </remarks>
public interface IStoredInParts<TSelf>
{
    /// <summary>The record without its listed items: what is stored as the head.</summary>
    TSelf Head();

    /// <summary>The record's lists, each in its order, each item under a key unique within its list.</summary>
    IEnumerable<StoredList> Lists();

    /// <summary>On a head: the record with these items, each list's in its stored order, appended to what the head holds.</summary>
    /// <remarks>A head stored before its lists moved to items still holds them: they come first, and move at its next write.</remarks>
    TSelf WithItems(IEnumerable<StoredItem> items);
}

/// <summary>
/// One list of a record stored in parts, as the record holds it: the storage compares its items with those it stored by
/// reference, and asks an item's key only of the items it writes, so a write that appends costs what it appends.
/// </summary>
/// <param name="Name">The list's name, short and stable: it is stored with every item.</param>
/// <param name="Items">The items in their order: an immutable list, so the same object means the same items.</param>
/// <param name="KeyOf">An item's key (given the item and its place), unique within the list, stable for the item's life.</param>
public sealed record StoredList(string Name, IReadOnlyList<object> Items, Func<object, int, string> KeyOf);

/// <summary>One item of a list of a record stored in parts, as storage reads it back.</summary>
/// <param name="List">The list's name, short and stable: it is stored with every item.</param>
/// <param name="Key">Unique within the list, stable for the item's life.</param>
/// <param name="Value">The item, an immutable serializable record.</param>
public readonly record struct StoredItem(string List, string Key, object Value);
