using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

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
/// Faults a test injects into the silos' storage: grain state writes (by state name and grain), the engagement
/// directory's rounds (by pre-session) and the audit log's appends (by source). Without a rule, every write goes through.
/// </summary>
public sealed class StorageFaults
{
    private volatile Func<string, GrainId, StorageFault>? _stateWrites;
    private volatile Func<PreSessionKey, StorageFault>? _directoryRounds;
    private volatile Func<AuditSource, StorageFault>? _auditAppends;

    public void OnStateWrites(Func<string, GrainId, StorageFault>? rule) => _stateWrites = rule;

    public void OnDirectoryRounds(Func<PreSessionKey, StorageFault>? rule) => _directoryRounds = rule;

    public void OnAuditAppends(Func<AuditSource, StorageFault>? rule) => _auditAppends = rule;

    internal StorageFault AuditAppend(AuditSource source) => _auditAppends?.Invoke(source) ?? StorageFault.None;

    internal StorageFault StateWrite(string stateName, GrainId grainId) => _stateWrites?.Invoke(stateName, grainId) ?? StorageFault.None;

    internal StorageFault DirectoryRound(PreSessionKey preSession) => _directoryRounds?.Invoke(preSession) ?? StorageFault.None;

    internal static async Task Apply(StorageFault fault, Func<Task> write)
    {
        if (fault == StorageFault.Fails)
            throw new TimeoutException("Injected: the write failed.");
        await write();
        if (fault == StorageFault.LandsThenTimesOut)
            throw new TimeoutException("Injected: the write landed, but its answer was lost.");
    }

    /// <summary>Wraps the silo's grain storage, engagement directory and audit log so that this object's rules apply to them.</summary>
    internal void Inject(IServiceCollection services, string storageName)
    {
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
