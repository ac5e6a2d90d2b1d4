using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;
using PreSessions.Silo.Hosting;
using PreSessions.Silo.Storage;

namespace PreSessions.GrainTests.Cluster;

/// <summary>Where a test cluster keeps grain state: the embedded SQLite store, or PostgreSQL as a cluster does.</summary>
public enum GrainStore { Sqlite, Postgres }

/// <summary>
/// A TestingHost cluster of PreSessions silos: the production grains on a fresh store (embedded SQLite, or a PostgreSQL
/// database of the fixture's own, migrated), a clock the test drives, fast failure detection so a killed silo is
/// declared dead in seconds, and a hook for faults.
/// </summary>
public abstract class ClusterFixture(int silos, GrainStore store = GrainStore.Sqlite) : IAsyncLifetime
{
    internal static readonly ConcurrentDictionary<string, ClusterFixture> Running = new();

    private readonly string _id = Guid.NewGuid().ToString("N");

    public TestCluster Cluster { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2017, 11, 1, 9, 0, 0, TimeSpan.Zero));

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "presessions-grain-tests", Guid.NewGuid().ToString("N"));

    public IncomingCallFaults Faults { get; } = new();

    public StorageFaults StorageFaults { get; } = new();

    public IGrainFactory Grains => Cluster.GrainFactory;

    public GrainStore Store => store;

    /// <summary>The fixture's own database when the store is PostgreSQL, dropped with the fixture.</summary>
    public PostgresDatabase? Database { get; } = store == GrainStore.Postgres
        ? new PostgresDatabase(connectionString => PostgresStore.MigrateAsync(connectionString))
        : null;

    public async Task InitializeAsync()
    {
        if (Database is not null)
            await Database.InitializeAsync();
        Running[_id] = this;
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ServiceId = "presessions-tests";
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{PreSessionsOptions.Section}:{nameof(PreSessionsOptions.DataDirectory)}"] = DataDirectory,
            [TestSiloConfigurator.FixtureKey] = _id,
        }));
        builder.AddSiloBuilderConfigurator<TestSiloConfigurator>();
        builder.AddClientBuilderConfigurator<TestClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>
    /// Kills the silo (no goodbye, as a crash), returns once every surviving silo has declared it dead (so its grains
    /// activate elsewhere), and then starts a fresh silo in its place, as an operator's supervisor would.
    /// </summary>
    public async Task KillSiloAsync(SiloHandle silo, Action? whenKilled = null)
    {
        await Cluster.KillSiloAsync(silo);
        whenKilled?.Invoke();
        await UntilDeclaredDead(silo.SiloAddress, TimeSpan.FromSeconds(150));
        // On fresh ports: TestCluster numbers a new silo after those still running, so by default it gets the endpoint
        // of a live silo (or of the killed one), and a silo joining on a known endpoint declares the one there dead as
        // its older clone: a survivor would die, or the killed silo be declared dead without anyone probing it.
        await Cluster.StartAdditionalSiloAsync(startAdditionalSiloOnNewPort: true);
    }

    /// <summary>
    /// Waits until each survivor's own view of the cluster has the silo dead: asked locally, as a grain call could be
    /// routed to the dead silo. The replacement starts after: a joining silo waits for every silo in the table to
    /// answer anyway, and meanwhile would only load the cores the survivors probe with.
    /// </summary>
    private async Task UntilDeclaredDead(SiloAddress killed, TimeSpan within)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!Cluster.Silos.All(s => Membership(s).CurrentSnapshot.GetSiloStatus(killed) == SiloStatus.Dead))
        {
            if (waited.Elapsed > within)
            {
                var views = Cluster.Silos.Select(s => $"{s.SiloAddress} sees {Membership(s).CurrentSnapshot.GetSiloStatus(killed)}");
                throw new TimeoutException($"The killed silo {killed} was not declared dead within {within}: {string.Join("; ", views)}.");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// A grain's record as storage holds it, read afresh through the first silo's grain storage (from the database, not
    /// from the live grain, which may hold what was never stored).
    /// </summary>
    public async Task<T> Stored<T>(string stateName, GrainId grainId) where T : new()
    {
        var storage = Cluster.GetSiloServiceProvider(Cluster.Silos[0].SiloAddress).GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        var state = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grainId, state);
        return state.State!;
    }

    private IClusterMembershipService Membership(SiloHandle silo) =>
        Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<IClusterMembershipService>();

    public async Task DisposeAsync()
    {
        // Killed rather than stopped: a graceful stop waits on silos that tests killed, and proves nothing here.
        foreach (var silo in Cluster.Silos.ToList())
            await Cluster.KillSiloAsync(silo);
        await Cluster.DisposeAsync();
        Running.TryRemove(_id, out _);
        if (Database is not null)
            await Database.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { /* a file still held open by a killed silo; the temp folder is cleaned by the OS */ }
    }
}

/// <summary>
/// One silo. As a class fixture, each test class gets a cluster of its own, so the faults one injects (they are the
/// whole cluster's) or the silos it kills touch no other class.
/// </summary>
public sealed class OneSiloCluster() : ClusterFixture(1);

/// <summary>One silo on PostgreSQL, a database per test class (see <see cref="OneSiloCluster"/>).</summary>
public sealed class OneSiloPostgresCluster() : ClusterFixture(1, GrainStore.Postgres);

/// <summary>Tests that kill silos run alone, after the others: two cores shared with other clusters slow failure detection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SiloFailures
{
    public const string Name = "Silo failures";
}

/// <summary>Three silos, a cluster per test class (see <see cref="OneSiloCluster"/>): enough to kill one and hand off.</summary>
public sealed class ThreeSiloCluster() : ClusterFixture(3);

public sealed class TestSiloConfigurator : ISiloConfigurator
{
    public const string FixtureKey = "PreSessionsTests:Fixture";

    public void Configure(ISiloBuilder silo)
    {
        var fixture = ClusterFixture.Running[silo.Configuration[FixtureKey]!];
        // The grains' clock only: AddPreSessionsRuntime keeps Orleans' own machinery on real time.
        silo.Services.AddSingleton<TimeProvider>(fixture.Clock);
        if (fixture.Database is { } postgres)
            silo.UsePostgresStore(postgres.ConnectionString, StorageNames.Grains);
        else
            silo.UseEmbeddedStore(DataDirectory.Path(silo.Configuration), StorageNames.Grains);
        silo.AddPreSessionsRuntime();
        fixture.StorageFaults.Inject(silo.Services, StorageNames.Grains);
        silo.AddIncomingGrainCallFilter(fixture.Faults);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
            o.LivenessEnabled = true;
        });
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
    }

    /// <summary>
    /// A call to a killed silo fails within this, not the default 30 s; long enough that a call merely queued on two
    /// loaded cores (hundreds in flight) is not taken for one to a dead silo.
    /// </summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(15);
}

public sealed class TestClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder client) =>
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TestSiloConfigurator.ResponseTimeout);
}

/// <summary>
/// Faults a test injects into grain calls on the silos. A rule takes each incoming call in place of the grain: it
/// may throw (the call never reaches the grain), wait (the call is held), or call <c>context.Invoke()</c> and then
/// wait (the grain did the work, but its answer is held, as if the caller's silo were about to die).
/// </summary>
public sealed class IncomingCallFaults : IIncomingGrainCallFilter
{
    private volatile Func<IIncomingGrainCallContext, Task>? _rule;

    public void Set(Func<IIncomingGrainCallContext, Task>? rule) => _rule = rule;

    public Task Invoke(IIncomingGrainCallContext context) => _rule is { } rule ? rule(context) : context.Invoke();
}
