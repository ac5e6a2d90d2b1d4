using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace PreSessions.Silo.Storage;

/// <summary>
/// Passes <c>"&lt;grain type&gt;/&lt;grain key&gt;/&lt;state name&gt;"</c> to the ADO.NET provider as its
/// "grain type" (stored as <c>StateKey</c>), so different grain types and different grain ids never
/// share a row, even when they use the same state name or keys that Orleans parses to the same number.
/// </summary>
/// <remarks>
/// Each part is escaped ('%', '/', '`') so the composition is unambiguous and contains no backtick
/// (the provider rewrites names containing '`' as generic type names).
/// </remarks>
public sealed class GrainScopedGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly IGrainStorage _inner;

    public GrainScopedGrainStorage(IGrainStorage inner)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    }

    /// <summary>The wrapped provider.</summary>
    public IGrainStorage Inner => _inner;

    /// <summary>The value handed to the provider as its grain type for this grain and state.</summary>
    public static string StateKey(string stateName, GrainId grainId) =>
        $"{Escape(grainId.Type.ToString())}/{Escape(grainId.Key.ToString())}/{Escape(stateName)}";

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _inner.ReadStateAsync(StateKey(stateName, grainId), grainId, grainState);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        _inner.ReadStateAsync(StateKey(stateName, grainId), grainId, grainState, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _inner.WriteStateAsync(StateKey(stateName, grainId), grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        _inner.WriteStateAsync(StateKey(stateName, grainId), grainId, grainState, cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _inner.ClearStateAsync(StateKey(stateName, grainId), grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        _inner.ClearStateAsync(StateKey(stateName, grainId), grainId, grainState, cancellationToken);

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (_inner is ILifecycleParticipant<ISiloLifecycle> participant)
        {
            participant.Participate(lifecycle);
        }
    }

    private static string Escape(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
             .Replace("/", "%2F", StringComparison.Ordinal)
             .Replace("`", "%60", StringComparison.Ordinal);
}

/// <summary>How PreSessions registers Orleans' ADO.NET grain storage, whatever the database behind it.</summary>
internal static class GrainScopedAdoNetStorage
{
    /// <summary>
    /// Adds Orleans' ADO.NET grain storage under <paramref name="storageName"/>, wrapped in
    /// <see cref="GrainScopedGrainStorage"/>, storing state in Orleans' binary format.
    /// </summary>
    /// <remarks>
    /// The stock provider identifies a row only by ServiceId, the state name and the grain <em>key</em>;
    /// the grain type is not part of it (dotnet/orleans#8746, #9737) and string keys that parse as hex
    /// numbers or GUIDs can collide (#9706); hence the wrapper.
    /// </remarks>
    public static ISiloBuilder AddGrainScopedAdoNetGrainStorage(
        this ISiloBuilder silo, string storageName, string invariant, string connectionString)
    {
        silo.AddAdoNetGrainStorage(storageName, builder => builder.Configure<Serializer>((options, serializer) =>
        {
            options.Invariant = invariant;
            options.ConnectionString = connectionString;
            // Orleans' own version-tolerant binary format, driven by the [GenerateSerializer]/[Id] attributes the
            // state records carry; the provider's JSON default cannot rebuild immutable records and collections.
            options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));

        // Replace the keyed IGrainStorage registered by AddAdoNetGrainStorage with the wrapper. The
        // lifecycle-participant registration made there resolves the keyed service and casts it, so the
        // wrapper forwards ILifecycleParticipant to the provider (which runs its Init there).
        var services = silo.Services;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(IGrainStorage)
                && descriptor.IsKeyedService
                && Equals(descriptor.ServiceKey, storageName))
            {
                services.RemoveAt(i);
            }
        }

        services.AddKeyedSingleton<IGrainStorage>(
            storageName,
            (sp, _) => new GrainScopedGrainStorage(AdoNetGrainStorageFactory.Create(sp, storageName)));

        return silo;
    }
}
