using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using PreSessions.Silo.Storage;

namespace PreSessions.IntegrationTests.Durability;

/// <summary>
/// The grain storage PreSessions ran on before its own (Orleans' ADO.NET provider, through the project's queries in
/// the OrleansQuery table, each record whole in one row, keyed like <see cref="BatchedGrainStorage.StateKey"/>): a
/// silo configured with it writes a database exactly as the previous release did, for the upgrade tests.
/// </summary>
internal static class AdoNetProviderRecords
{
    /// <summary>Replaces the silo's grain storage with the ADO.NET provider, over the same database.</summary>
    public static ISiloBuilder UseAdoNetProviderForRecords(this ISiloBuilder silo, string invariant, string connectionString)
    {
        silo.AddAdoNetGrainStorage(StorageNames.Grains, builder => builder.Configure<Serializer>((options, serializer) =>
        {
            options.Invariant = invariant;
            options.ConnectionString = connectionString;
            options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        var services = silo.Services;
        foreach (var registered in services.Where(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService
                     && Equals(d.ServiceKey, StorageNames.Grains)).ToList())
            services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(StorageNames.Grains,
            (sp, _) => new KeyedByRecord(AdoNetGrainStorageFactory.Create(sp, StorageNames.Grains)));
        return silo;
    }

    /// <summary>Hands the provider the record's key as its "grain type", as the previous release did.</summary>
    private sealed class KeyedByRecord(IGrainStorage provider) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            provider.ReadStateAsync(BatchedGrainStorage.StateKey(stateName, grainId), grainId, grainState);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            provider.WriteStateAsync(BatchedGrainStorage.StateKey(stateName, grainId), grainId, grainState);

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            provider.ClearStateAsync(BatchedGrainStorage.StateKey(stateName, grainId), grainId, grainState);

        // The provider loads its queries in the silo's lifecycle, found through this registration.
        public void Participate(ISiloLifecycle lifecycle) => (provider as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
    }
}
