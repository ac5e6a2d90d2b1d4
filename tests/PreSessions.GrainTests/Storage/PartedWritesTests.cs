using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using PreSessions.Silo.Storage;

namespace PreSessions.GrainTests.Storage;

/// <summary>
/// What the grain storage writes of a record stored in parts, on its own over a store in memory: a write that appends
/// asks the key of, and writes, only what it appends; any mix of edits stores exactly the list, in its order, and a new
/// activation reads it back so.
/// </summary>
public sealed class PartedWritesTests
{
    private readonly MemoryStore _store = new();
    private readonly BatchedGrainStorage _storage;
    private static readonly GrainId Grain = GrainId.Create("notebook", "one");

    public PartedWritesTests()
    {
        var services = new ServiceCollection().AddMetrics().AddSerializer(b => b.AddAssembly(typeof(Notebook).Assembly)).BuildServiceProvider();
        _storage = new BatchedGrainStorage(_store, new StateWriter(_store, services.GetRequiredService<IMeterFactory>()),
            new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()));
    }

    private async Task<GrainState<Notebook>> Read()
    {
        var state = new GrainState<Notebook>();
        await _storage.ReadStateAsync("notebook", Grain, state);
        return state;
    }

    private string[] StoredLines() => [.. _store.Items.Values.OrderBy(i => i.Order).Select(i => i.Key)];

    [Fact]
    public async Task A_write_that_appends_asks_the_key_of_and_writes_only_what_it_appends()
    {
        var state = await Read();
        for (var i = 0; i < 200; i++)
        {
            state.State = state.State with { Lines = state.State.Lines.Add($"line {i}") };
            await _storage.WriteStateAsync("notebook", Grain, state);
        }

        var keysBefore = state.State.KeysAsked.Count;
        var upsertsBefore = _store.Upserted;
        state.State = state.State with { Lines = state.State.Lines.Add("line 200") };
        await _storage.WriteStateAsync("notebook", Grain, state);

        Assert.Equal(1, state.State.KeysAsked.Count - keysBefore);
        Assert.Equal(1, _store.Upserted - upsertsBefore);
        Assert.Equal(state.State.Lines, StoredLines());
        // A write that changes nothing in the list asks nothing of it.
        state.State = state.State with { Title = "renamed" };
        await _storage.WriteStateAsync("notebook", Grain, state);
        Assert.Equal(1, state.State.KeysAsked.Count - keysBefore);
    }

    [Fact]
    public async Task Any_mix_of_edits_stores_the_list_in_its_order_and_reads_back_so()
    {
        var random = new Random(20261202);
        var state = await Read();
        var next = 0;
        for (var round = 0; round < 300; round++)
        {
            var lines = state.State.Lines;
            lines = random.Next(6) switch
            {
                0 when lines.Count > 0 => lines.RemoveAt(random.Next(lines.Count)),
                1 => lines.Insert(random.Next(lines.Count + 1), $"line {next++}"),
                2 when lines.Count > 1 => lines.RemoveAt(0).Add(lines[0]),
                3 when round % 50 == 0 => [.. lines.Reverse()],
                _ => lines.AddRange(Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"line {next++}")),
            };
            state.State = state.State with { Lines = lines };
            await _storage.WriteStateAsync("notebook", Grain, state);
            Assert.Equal(lines, StoredLines());

            if (round % 30 == 0)
            {
                // A new activation reads what is stored, and its writes go on from there.
                var read = await Read();
                Assert.Equal(lines, read.State.Lines);
                state = read;
            }
        }
    }

    /// <summary>Grain records in memory, applying writes as the real stores do (version check, items by key).</summary>
    private sealed class MemoryStore : IStateStore
    {
        private byte[]? _head;
        private int? _version;
        public readonly Dictionary<(string List, string Key), ItemRow> Items = [];
        public int Upserted;

        public Task<StoredRecord?> Read(string stateKey, CancellationToken cancellationToken = default) =>
            Task.FromResult(_version is { } version
                ? new StoredRecord(version, _head, [.. Items.Values.OrderBy(i => i.List, StringComparer.Ordinal).ThenBy(i => i.Order)])
                : null);

        public Task<IReadOnlyList<int?>> Commit(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default)
        {
            var versions = new List<int?>();
            foreach (var write in writes)
            {
                if (write.ExpectedVersion != _version)
                {
                    versions.Add(null);
                    continue;
                }
                _head = write.Head ?? _head;
                foreach (var delete in write.Deletes)
                    Assert.True(Items.Remove(delete), $"The write deletes {delete}, which is not stored.");
                foreach (var upsert in write.Upserts)
                    Items[(upsert.List, upsert.Key)] = upsert;
                Upserted += write.Upserts.Count;
                versions.Add(_version = (_version ?? 0) + 1);
            }
            return Task.FromResult<IReadOnlyList<int?>>(versions);
        }
    }
}

/// <summary>A record stored in parts for the storage's own tests: a title, and lines that are their own keys.</summary>
[GenerateSerializer, Immutable]
public sealed record Notebook : IStoredInParts<Notebook>
{
    [Id(0)] public string Title { get; init; } = "";
    [Id(1)] public ImmutableList<string> Lines { get; init; } = [];

    /// <summary>Every key the storage asked for, so a test can tell a walk of the list from a look at its end.</summary>
    [NonSerialized] private readonly List<string>? _keysAsked = [];

    public IReadOnlyList<string> KeysAsked => _keysAsked ?? [];

    public Notebook Head() => this with { Lines = [] };

    public IEnumerable<StoredList> Lists() => [new("l", Lines, (line, _) => { _keysAsked?.Add((string)line); return (string)line; })];

    public Notebook WithItems(IEnumerable<StoredItem> items) => this with { Lines = [.. Lines, .. items.Select(i => (string)i.Value)] };
}
