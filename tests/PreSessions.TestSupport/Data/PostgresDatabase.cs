using Npgsql;

namespace PreSessions.TestSupport;

/// <summary>
/// A fresh PostgreSQL database of its own for one test class, dropped afterwards, so tests never see each other's
/// rows. The server comes from <c>PRESESSIONS_TEST_POSTGRES</c> (an admin connection string whose role may create
/// databases) or the local one <c>scripts/postgres.sh</c> starts. A server that does not answer fails the tests: cluster
/// mode is never "skipped green".
/// </summary>
/// <remarks>
/// The toolkit references no project of src/, so a test that wants the database at the current schema passes the
/// migration in (<c>PostgresStore.MigrateAsync</c>).
/// </remarks>
public class PostgresDatabase : IAsyncLifetime
{
    public const string AdminConnectionStringVariable = "PRESESSIONS_TEST_POSTGRES";

    public const string DefaultAdminConnectionString =
        "Host=127.0.0.1;Port=5432;Username=presessions;Password=presessions;Database=presessions";

    private readonly Func<string, Task>? _migrate;

    public PostgresDatabase() : this(migrate: null) { }

    /// <param name="migrate">Brings the new database (its connection string) to the current schema before the tests run.</param>
    public PostgresDatabase(Func<string, Task>? migrate)
    {
        _migrate = migrate;
        Name = "presessions_test_" + Guid.NewGuid().ToString("N");
        ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = Name }.ConnectionString;
    }

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(AdminConnectionStringVariable) is { Length: > 0 } configured
            ? configured
            : DefaultAdminConnectionString;

    /// <summary>The database's name, unique per fixture.</summary>
    public string Name { get; }

    /// <summary>Connects to this fixture's database, with the admin role.</summary>
    public string ConnectionString { get; }

    public async Task InitializeAsync()
    {
        await using (var admin = await OpenAdminAsync())
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", admin))
            await create.ExecuteNonQueryAsync();

        if (_migrate is not null)
            await _migrate(ConnectionString);
    }

    /// <summary>Opens a connection to this fixture's database.</summary>
    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task DisposeAsync()
    {
        // Idle pooled connections would otherwise be broken under later users of the same pool key.
        await using (var pooled = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(pooled);
        await using var admin = await OpenAdminAsync();
        // FORCE: silos killed by a test may still hold connections.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        // Unpooled: a pooled connection would be dead after a test restarts the server, and these are few.
        var admin = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(AdminConnectionString) { Timeout = 5, Pooling = false }.ConnectionString);
        try
        {
            await admin.OpenAsync();
            return admin;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            await admin.DisposeAsync();
            var server = new NpgsqlConnectionStringBuilder(AdminConnectionString);
            throw new InvalidOperationException(
                $"PostgreSQL at {server.Host}:{server.Port} (role {server.Username}) does not answer: {ex.Message}. " +
                $"Run `bash scripts/postgres.sh` to start it, or point {AdminConnectionStringVariable} at a server whose role may create databases.",
                ex);
        }
    }
}
