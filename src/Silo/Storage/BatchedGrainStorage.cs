using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace PreSessions.Silo.Storage;

/// <summary>
/// PreSessions' grain storage: every grain's record in the project's own tables (<see cref="IStateStore"/>), written
/// through the silo's one <see cref="StateWriter"/>, so that writes of many grains share a transaction; a record stored
/// in parts (<see cref="IStoredInParts{TSelf}"/>) writes only its head and the items that came, changed or went, so its
/// bytes per write stay flat as it grows. State is in Orleans' binary format, as the ADO.NET provider stored it before,
/// so a record that provider wrote is read as it is, and stored in parts from its next write.
/// </summary>
/// <remarks>
/// What was last stored of each record (its head's bytes, its items' numbers and objects) is remembered per activation,
/// attached to the <see cref="IGrainState{T}"/> Orleans hands every call of one activation, so it goes with the
/// activation. A write that failed forgets it: what storage holds is then unknown, and the version check refuses that
/// activation's next write anyway (its grain deactivates on a failed write, see <see cref="GroupCommit{TState}"/>).
/// </remarks>
public sealed class BatchedGrainStorage(IStateStore store, StateWriter writer, IGrainStorageSerializer serializer) : IGrainStorage
{
    private readonly ConditionalWeakTable<object, Remembered> _remembered = [];

    /// <summary>What this activation last read or wrote of its record.</summary>
    private sealed class Remembered
    {
        public byte[]? Head;
        public Dictionary<string, StoredRows> Lists = new(StringComparer.Ordinal);

        public StoredRows List(string name) =>
            Lists.TryGetValue(name, out var list) ? list : Lists[name] = new();
    }

    /// <summary>One list as last stored: its rows in order, their keys, and the list object they were written from.</summary>
    private sealed class StoredRows
    {
        public readonly List<(string Key, long Order, object Value)> Rows = [];
        public readonly HashSet<string> Keys = new(StringComparer.Ordinal);
        public object? Source;

        public void Add(string key, long order, object value)
        {
            if (!Keys.Add(key))
                throw new InvalidOperationException($"Two items have the key '{key}' in one list.");
            Rows.Add((key, order, value));
        }
    }

    /// <summary>
    /// The key a grain's record is stored under, <c>"&lt;grain type&gt;/&lt;grain key&gt;/&lt;state name&gt;"</c>, each part
    /// escaped ('%', '/', '`') so the composition is unambiguous: different grain types and ids never share a record, even
    /// with the same state name (the ADO.NET provider this replaces could mix them, dotnet/orleans#8746, #9737, #9706, and
    /// its rows are keyed the same way).
    /// </summary>
    public static string StateKey(string stateName, GrainId grainId) =>
        $"{Escape(grainId.Type.ToString())}/{Escape(grainId.Key.ToString())}/{Escape(stateName)}";

    private static string Escape(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
             .Replace("/", "%2F", StringComparison.Ordinal)
             .Replace("`", "%60", StringComparison.Ordinal);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _remembered.Remove(grainState);
        var stored = await store.Read(StateKey(stateName, grainId));
        if (stored is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            (grainState.ETag, grainState.RecordExists) = (null, false);
            return;
        }

        var remembered = new Remembered { Head = stored.Head };
        var state = stored.Head is null ? Activator.CreateInstance<T>() : serializer.Deserialize<T>(new BinaryData(stored.Head));
        if (state is IStoredInParts<T> parted && stored.Items.Count > 0)
        {
            var items = new List<StoredItem>(stored.Items.Count);
            foreach (var row in stored.Items)
            {
                var value = serializer.Deserialize<object>(new BinaryData(row.Payload));
                items.Add(new StoredItem(row.List, row.Key, value));
                remembered.List(row.List).Add(row.Key, row.Order, value);
            }
            state = parted.WithItems(items);
        }
        grainState.State = state;
        (grainState.ETag, grainState.RecordExists) = (Etag(stored.Version), stored.Head is not null);
        _remembered.AddOrUpdate(grainState, remembered);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stateKey = StateKey(stateName, grainId);
        var expected = Version(grainState.ETag);
        if (!_remembered.TryGetValue(grainState, out var remembered))
            remembered = await Recall(stateKey, expected);
        _remembered.Remove(grainState);

        var (head, lists) = grainState.State is IStoredInParts<T> parted
            ? (parted.Head(), parted.Lists().ToList())
            : (grainState.State, []);
        var headBytes = serializer.Serialize(head).ToArray();
        var headChanged = remembered.Head is null || !headBytes.AsSpan().SequenceEqual(remembered.Head);

        var upserts = new List<ItemRow>();
        var deletes = new List<(string, string)>();
        var after = new Remembered { Head = headBytes };
        foreach (var list in lists)
        {
            var rows = Plan(list, remembered.Lists.GetValueOrDefault(list.Name) ?? new StoredRows(), upserts, deletes);
            if (rows.Rows.Count > 0)
                after.Lists[list.Name] = rows;
        }
        foreach (var (name, gone) in remembered.Lists)
        {
            if (!lists.Exists(l => l.Name == name))
                deletes.AddRange(gone.Rows.Select(row => (name, row.Key)));
        }

        var version = await writer.Write(new StateWrite(stateKey, expected, headChanged ? headBytes : null, upserts, deletes))
            ?? throw Inconsistent(stateKey, grainState.ETag);
        (grainState.ETag, grainState.RecordExists) = (Etag(version), true);
        _remembered.AddOrUpdate(grainState, after);
    }

    /// <summary>
    /// What one write does to one list, and the list as stored after it. The list as the record holds it is compared
    /// with what was stored by reference, front to back, and an item's key is asked only of the items written: so the
    /// common write (the same items, then new ones at the end) keys, serialises and stores only what it appends, and
    /// what the record already held costs one reference comparison per item (before, a dictionary of every item was
    /// built at every write, about a sixth of the silo's CPU in a burst into a pre-session of 8,000).
    /// </summary>
    /// <remarks>Changes <paramref name="stored"/> in place on that path: the activation has already forgotten it.</remarks>
    private StoredRows Plan(StoredList list, StoredRows stored, List<ItemRow> upserts, List<(string, string)> deletes)
    {
        if (ReferenceEquals(stored.Source, list.Items))
            return stored;
        var front = 0;
        foreach (var value in list.Items)
        {
            if (front == stored.Rows.Count || !ReferenceEquals(stored.Rows[front].Value, value))
                break;
            front++;
        }

        if (front == stored.Rows.Count)
        {
            var last = front == 0 ? 0 : stored.Rows[^1].Order;
            for (var i = front; i < list.Items.Count; i++)
            {
                var (key, order, value) = (list.KeyOf(list.Items[i], i), last += ItemOrder.Gap, list.Items[i]);
                stored.Add(key, order, value);
                upserts.Add(new ItemRow(list.Name, key, order, serializer.Serialize(value).ToArray()));
            }
            stored.Source = list.Items;
            return stored;
        }

        // Anything else (a withdrawal, a queue put in another order): the list planned whole.
        var items = list.Items.Select((value, i) => (list.KeyOf(value, i), value)).ToList();
        var plan = ItemOrder.For(
            stored.Rows.ToDictionary(row => row.Key, row => new ItemOrder.Stored(row.Order, row.Value), StringComparer.Ordinal), items);
        upserts.AddRange(plan.Upserts.Select(u => new ItemRow(list.Name, u.Key, u.Order, serializer.Serialize(u.Value).ToArray())));
        deletes.AddRange(plan.Deletes.Select(key => (list.Name, key)));
        var after = new StoredRows { Source = list.Items };
        foreach (var (key, value) in items)
            after.Add(key, plan.After[key].Order, value);
        return after;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stateKey = StateKey(stateName, grainId);
        _remembered.Remove(grainState);
        var version = await writer.Write(StateWrite.Clearing(stateKey, Version(grainState.ETag)))
            ?? throw Inconsistent(stateKey, grainState.ETag);
        grainState.State = Activator.CreateInstance<T>();
        (grainState.ETag, grainState.RecordExists) = (Etag(version), false);
        _remembered.AddOrUpdate(grainState, new Remembered());
    }

    /// <summary>
    /// For a write without a read before it in this activation (Orleans reads at activation, so this is rare): what is
    /// stored now, if it is the version the grain holds; otherwise the write's version check refuses it anyway.
    /// </summary>
    private async Task<Remembered> Recall(string stateKey, int? expected)
    {
        var stored = expected is null ? null : await store.Read(stateKey);
        var remembered = new Remembered();
        if (stored is null || stored.Version != expected)
            return remembered;
        remembered.Head = stored.Head;
        foreach (var row in stored.Items)
            // The stored objects are not the grain's, so every item is written again, in place: correct, if not small.
            remembered.List(row.List).Add(row.Key, row.Order, row);
        return remembered;
    }

    private static InconsistentStateException Inconsistent(string stateKey, string? etag) =>
        new($"The record {stateKey} was written elsewhere since this activation read it (it held version {etag ?? "none"}).",
            "unknown", etag ?? "none");

    private static string Etag(int version) => version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int? Version(string? etag) =>
        etag is null ? null : int.Parse(etag, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>How a silo registers PreSessions' grain storage, whatever the database behind it.</summary>
internal static class BatchedGrainStorageRegistration
{
    /// <summary>
    /// The grain storage under <paramref name="storageName"/>, over the store <paramref name="create"/> makes for the
    /// cluster's service id, with the silo's one writer. The store is a service of its own, so that tests can wrap it.
    /// </summary>
    public static ISiloBuilder AddBatchedGrainStorage(this ISiloBuilder silo, string storageName, Func<string, IStateStore> create)
    {
        silo.Services.AddMetrics();
        silo.Services.AddSingleton(sp => create(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        silo.Services.AddSingleton(sp => new StateWriter(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<IMeterFactory>()));
        silo.Services.AddKeyedSingleton<IGrainStorage>(storageName, (sp, _) => new BatchedGrainStorage(
            sp.GetRequiredService<IStateStore>(),
            sp.GetRequiredService<StateWriter>(),
            // Orleans' own version-tolerant binary format, as the ADO.NET provider stored records before.
            new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>())));
        return silo;
    }
}
