using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using PreSessions.Silo.Storage;

namespace PreSessions.GrainTests.Cluster;

/// <summary>What an injected storage fault does to one write.</summary>
public enum StorageFault
{
    /// <summary>The write goes through.</summary>
    None,

    /// <summary>The write fails and nothing is stored.</summary>
    Fails,

    /// <summary>The write is stored, but the caller hears a timeout (the answer was lost on the way back).</summary>
    LandsThenTimesOut,
}

/// <summary>
/// Faults a test injects into the silos' storage: grain state writes (by state name and grain), the store's commits
/// (by the writes of many grains one carries), the engagement directory's rounds (by pre-session) and the audit log's
/// appends (by source). Without a rule, every write goes through.
/// </summary>
public sealed class StorageFaults
{
    private volatile Func<string, GrainId, StorageFault>? _stateWrites;
    private volatile Func<IReadOnlyList<StateWrite>, StorageFault>? _commits;
    private long _commitTicks;
    private volatile Func<PreSessionKey, StorageFault>? _directoryRounds;
    private volatile Func<AuditSource, StorageFault>? _auditAppends;

    public void OnStateWrites(Func<string, GrainId, StorageFault>? rule) => _stateWrites = rule;

    /// <summary>
    /// A rule for each transaction of the silo's one writer (<see cref="StateWriter"/>), which carries the writes of
    /// every grain in flight: a fault there fails, or loses the answer of, all of them at once.
    /// </summary>
    public void OnCommits(Func<IReadOnlyList<StateWrite>, StorageFault>? rule) => _commits = rule;

    /// <summary>
    /// How long each of the store's commits takes at least, as on a disk slower than the test machine's: the writes that
    /// arrive meanwhile wait for the next commit, so writes of many grains meet in one, as they do under real load.
    /// </summary>
    public TimeSpan CommitTime
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _commitTicks));
        set => Interlocked.Exchange(ref _commitTicks, value.Ticks);
    }

    public void OnDirectoryRounds(Func<PreSessionKey, StorageFault>? rule) => _directoryRounds = rule;

    public void OnAuditAppends(Func<AuditSource, StorageFault>? rule) => _auditAppends = rule;

    internal StorageFault AuditAppend(AuditSource source) => _auditAppends?.Invoke(source) ?? StorageFault.None;

    internal StorageFault StateWrite(string stateName, GrainId grainId) => _stateWrites?.Invoke(stateName, grainId) ?? StorageFault.None;

    internal StorageFault Commit(IReadOnlyList<StateWrite> writes) => _commits?.Invoke(writes) ?? StorageFault.None;

    internal StorageFault DirectoryRound(PreSessionKey preSession) => _directoryRounds?.Invoke(preSession) ?? StorageFault.None;

    internal static async Task Apply(StorageFault fault, Func<Task> write) =>
        await Apply(fault, async () => { await write(); return true; });

    internal static async Task<T> Apply<T>(StorageFault fault, Func<Task<T>> write)
    {
        if (fault == StorageFault.Fails)
            throw new TimeoutException("Injected: the write failed.");
        var written = await write();
        if (fault == StorageFault.LandsThenTimesOut)
            throw new TimeoutException("Injected: the write landed, but its answer was lost.");
        return written;
    }

    /// <summary>Wraps the silo's grain storage, its store, engagement directory and audit log so that this object's rules apply to them.</summary>
    internal void Inject(IServiceCollection services, string storageName)
    {
        // The grain storage and the writer take the store from the container, so they commit through this wrapper.
        var store = services.Last(d => d.ServiceType == typeof(IStateStore));
        services.Remove(store);
        services.AddSingleton<IStateStore>(sp => new FaultyStateStore((IStateStore)store.ImplementationFactory!(sp), this));

        var storage = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, storageName));
        services.Remove(storage);
        services.AddKeyedSingleton<IGrainStorage>(storageName, (sp, key) =>
            new FaultyGrainStorage((IGrainStorage)storage.KeyedImplementationFactory!(sp, key), this));

        var directory = services.Last(d => d.ServiceType == typeof(IEngagementDirectory));
        services.Remove(directory);
        services.AddSingleton<IEngagementDirectory>(sp =>
            new FaultyDirectory((IEngagementDirectory)directory.ImplementationFactory!(sp), this));

        var log = services.Last(d => d.ServiceType == typeof(IAuditLog));
        services.Remove(log);
        services.AddSingleton<IAuditLog>(sp => new FaultyAuditLog((IAuditLog)log.ImplementationFactory!(sp), this));
    }

    private sealed class FaultyAuditLog(IAuditLog inner, StorageFaults faults) : IAuditLog
    {
        public Task Append(AuditSource source, long firstSequence, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default) =>
            Apply(faults.AuditAppend(source), () => inner.Append(source, firstSequence, entries, cancellationToken));

        public Task<AuditPage> Read(AuditQuery query, long after, int limit, CancellationToken cancellationToken = default) =>
            inner.Read(query, after, limit, cancellationToken);
    }

    private sealed class FaultyStateStore(IStateStore inner, StorageFaults faults) : IStateStore
    {
        public Task<StoredRecord?> Read(string stateKey, CancellationToken cancellationToken = default) =>
            inner.Read(stateKey, cancellationToken);

        public async Task<IReadOnlyList<int?>> Commit(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default)
        {
            if (faults.CommitTime > TimeSpan.Zero)
                await Task.Delay(faults.CommitTime, cancellationToken);
            return await Apply(faults.Commit(writes), () => inner.Commit(writes, cancellationToken));
        }
    }

    private sealed class FaultyGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ReadStateAsync(stateName, grainId, grainState);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            Apply(faults.StateWrite(stateName, grainId), () => inner.WriteStateAsync(stateName, grainId, grainState));

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ClearStateAsync(stateName, grainId, grainState);

        // The provider initialises itself in the silo's lifecycle, found through this registration.
        public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
    }

    private sealed class FaultyDirectory(IEngagementDirectory inner, StorageFaults faults) : IEngagementDirectory
    {
        public Task Record(PreSessionKey preSession, IReadOnlyCollection<string> organisationIds, CancellationToken cancellationToken = default) =>
            Apply(faults.DirectoryRound(preSession), () => inner.Record(preSession, organisationIds, cancellationToken));

        public Task<IReadOnlyList<PreSessionKey>> PreSessionsOf(string organisationId, CancellationToken cancellationToken = default) =>
            inner.PreSessionsOf(organisationId, cancellationToken);
    }
}
