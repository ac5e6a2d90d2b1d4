using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization;

namespace PreSessions.Silo.Storage;

/// <summary>
/// Cluster mode: grain state, cluster membership and reminders in one PostgreSQL database, through Orleans' own
/// ADO.NET providers and PreSessions' own schema and queries (versioned migrations embedded under
/// <c>Storage/Sql/postgres</c>, applied by <see cref="MigrateAsync(string, CancellationToken)"/>).
/// </summary>
public static class PostgresStore
{
    /// <summary>ADO.NET invariant under which the Orleans providers load Npgsql.</summary>
    public const string Invariant = "Npgsql";

    private const string ResourcePrefix = "PreSessions.Sql.";
    private const string PostgresScriptFolder = "postgres/";

    /// <summary>
    /// Key of the session-level advisory lock that serialises migrators: one database-wide number, chosen once
    /// ("PreSess" in ASCII) so it does not collide with locks other software might take.
    /// </summary>
    private const long MigrationLockKey = 0x50726553657373;


    private static readonly Lazy<IReadOnlyList<Migration>> EmbeddedMigrations = new(LoadMigrations);

    /// <summary>The schema version this build needs: that of its newest migration.</summary>
    internal static int LatestVersion => EmbeddedMigrations.Value[^1].Version;

    /// <summary>
    /// Registers Npgsql's factory under <see cref="Invariant"/> in <see cref="DbProviderFactories"/>. Idempotent and
    /// thread-safe.
    /// </summary>
    // DbProviderFactories is thread-safe and registering again replaces the same factory: nothing to guard.
    public static void RegisterProvider() => DbProviderFactories.RegisterFactory(Invariant, NpgsqlFactory.Instance);

    /// <summary>
    /// Creates or upgrades the schema: applies, in version order, each embedded migration the database has not
    /// recorded in <c>presessions_schema_migrations</c>, each in its own transaction. Concurrent callers queue on an
    /// advisory lock, so running it twice, or from several processes at once, applies each migration once.
    /// </summary>
    /// <returns>The schema version now in force.</returns>
    public static Task<int> MigrateAsync(string connectionString, CancellationToken cancellationToken = default) =>
        MigrateAsync(connectionString, int.MaxValue, cancellationToken);

    /// <summary>As <see cref="MigrateAsync(string, CancellationToken)"/>, but stops after version <paramref name="upTo"/>.</summary>
    internal static async Task<int> MigrateAsync(string connectionString, int upTo, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(@key)", cancellationToken, ("key", MigrationLockKey));
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS presessions_schema_migrations
                (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);

            var applied = new HashSet<int>();
            await using (var read = new NpgsqlCommand("SELECT version FROM presessions_schema_migrations", connection))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            foreach (var migration in EmbeddedMigrations.Value)
            {
                if (migration.Version > upTo || applied.Contains(migration.Version))
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                try
                {
                    await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                }
                catch (PostgresException ex)
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL migration {migration.Version:D4} '{migration.Name}' failed: {ex.Message}", ex);
                }

                await ExecuteAsync(connection, transaction,
                    "INSERT INTO presessions_schema_migrations (version, name) VALUES (@version, @name)",
                    cancellationToken, ("version", migration.Version), ("name", migration.Name));
                await transaction.CommitAsync(cancellationToken);
            }

            return await SchemaVersionAsync(connection, cancellationToken) ?? 0;
        }
        finally
        {
            // A broken connection took the lock with it; otherwise give it back, even when the migration was cancelled.
            if (connection.State == ConnectionState.Open)
            {
                await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", MigrationLockKey));
            }
        }
    }

    /// <summary>
    /// Grain storage (PreSessions' own, <see cref="BatchedGrainStorage"/>, state in Orleans' binary format) under
    /// <paramref name="storageName"/>, the engagement directory, the audit log, ADO.NET cluster membership and ADO.NET
    /// reminders, all in the PostgreSQL database of <paramref name="connectionString"/>.
    /// </summary>
    /// <remarks>
    /// Runs no migration (that is <c>dotnet run --project src/Silo -- migrate</c>), but the silo refuses to start,
    /// with a message that says so, on a database below <see cref="LatestVersion"/>.
    /// </remarks>
    public static ISiloBuilder UsePostgresStore(this ISiloBuilder silo, string connectionString, string storageName)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(storageName);

        RegisterProvider();
        connectionString = SiloConnections.Settled(connectionString);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new SchemaCheck(connectionString));
        // A grain whose activation or write met a PostgreSQL outage answers its caller with Npgsql's exception inside
        // Orleans' own. Orleans serializes only exceptions of the namespaces it knows; without this, the answer
        // itself failed (CodecNotFoundException) and the gateway could not tell an outage (503) from a bug (500).
        silo.Services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add("Npgsql"));
        silo.AddBatchedGrainStorage(storageName, serviceId => new PostgresStateStore(connectionString, serviceId))
            .AddEngagementDirectory(serviceId => new PostgresEngagementDirectory(connectionString, serviceId))
            .AddAuditLog(serviceId => new PostgresAuditLog(connectionString, serviceId));
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        return silo;
    }

    /// <summary>The gateway's view of the cluster: the silos' gateways listed in the PostgreSQL membership table.</summary>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder client, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        RegisterProvider();
        return client.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
    }

    /// <summary>
    /// Throws, saying what to run, unless the database is at <see cref="LatestVersion"/> or later. A newer schema is
    /// accepted: migrations only add, so silos of the previous build keep running while the next one rolls out.
    /// </summary>
    internal static async Task EnsureMigratedAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var version = await SchemaVersionAsync(connection, cancellationToken);
        const string remedy = "run `dotnet run --project src/Silo -- migrate` with the same ConnectionStrings__PreSessions";
        if (version is null)
        {
            throw new InvalidOperationException(
                $"PostgreSQL database '{connection.Database}' has no PreSessions schema (never migrated): {remedy}.");
        }

        if (version < LatestVersion)
        {
            throw new InvalidOperationException(
                $"PostgreSQL database '{connection.Database}' is at PreSessions schema version {version}, this build needs {LatestVersion}: {remedy}.");
        }
    }

    /// <summary>The highest applied migration; null when the database was never migrated.</summary>
    private static async Task<int?> SchemaVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('presessions_schema_migrations') IS NOT NULL", connection);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return null;
        }

        await using var version = new NpgsqlCommand("SELECT COALESCE(max(version), 0) FROM presessions_schema_migrations", connection);
        return (int)(await version.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IReadOnlyList<Migration> LoadMigrations()
    {
        var assembly = typeof(PostgresStore).Assembly;
        var migrations = new List<Migration>();
        foreach (var resourceName in assembly.GetManifestResourceNames())
        {
            // %(RecursiveDir) keeps the folder: "PreSessions.Sql.postgres/0001_x.sql" ('\' when built on Windows).
            var relative = resourceName.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                ? resourceName[ResourcePrefix.Length..].Replace('\\', '/')
                : "";
            if (!relative.StartsWith(PostgresScriptFolder, StringComparison.OrdinalIgnoreCase)
                || !relative.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // "0002_membership.sql": version 2, name "membership".
            var file = Path.GetFileNameWithoutExtension(relative[PostgresScriptFolder.Length..]);
            var separator = file.IndexOf('_');
            if (separator <= 0 || !int.TryParse(file[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Embedded migration '{relative}' is not named '<version>_<name>.sql'.");
            }

            using var stream = assembly.GetManifestResourceStream(resourceName)
                ?? throw new InvalidOperationException($"Embedded resource '{resourceName}' could not be opened.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            migrations.Add(new Migration(version, file[(separator + 1)..], reader.ReadToEnd()));
        }

        if (migrations.Count == 0)
        {
            throw new InvalidOperationException(
                $"No embedded PostgreSQL migrations under '{ResourcePrefix}{PostgresScriptFolder}' in {assembly.GetName().Name}.");
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Two embedded PostgreSQL migrations have version {migrations[i].Version}.");
            }
        }

        return migrations;
    }

    private sealed record Migration(int Version, string Name, string Sql);

    /// <summary>Fails the silo's start, before membership or storage touch the database, if it was not migrated.</summary>
    private sealed class SchemaCheck(string connectionString) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(PostgresStore), ServiceLifecycleStage.First,
                cancellationToken => EnsureMigratedAsync(connectionString, cancellationToken));
    }
}
