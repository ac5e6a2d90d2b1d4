using Microsoft.Data.Sqlite;
using PreSessions.Silo.Storage;

namespace PreSessions.GrainTests.Storage;

/// <summary>
/// The embedded store upgrades itself at every start (its scripts are idempotent): a file written by the schema
/// before the engagement directory and the audit log (script 001 only) gets both, keeps every grain state row, and a
/// second start changes nothing.
/// </summary>
public sealed class EmbeddedSchemaUpgradeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "presessions-schema-tests", Guid.NewGuid().ToString("N"));

    private string ConnectionString => EmbeddedStore.ConnectionString(_directory);

    [Fact]
    public async Task A_file_of_the_schema_before_the_directory_and_the_audit_log_is_upgraded_with_nothing_lost_and_again_changes_nothing()
    {
        // The schema as it was: script 001's tables only.
        EmbeddedStore.EnsureSchema(ConnectionString);
        Execute("DROP TABLE PreSessionsEngagements");
        Execute("DROP TABLE PreSessionsAudit");
        Execute("""
            INSERT INTO PreSessionsGrainState (ServiceId, StateKey, KeyN0, KeyN1, KeyExtension, Version, Payload, UpdatedAtUnix)
            VALUES ('presessions', 'organisation/alice/organisation', 0, 0, 'alice', 7, x'0506', 1)
            """);
        Assert.Empty(Rows("SELECT name FROM sqlite_master WHERE name = 'PreSessionsEngagements'"));

        EmbeddedStore.EnsureSchema(ConnectionString);
        var schema = Rows("SELECT type || ' ' || name || ' ' || IFNULL(sql, '') FROM sqlite_master ORDER BY name");
        Assert.Contains(schema, s => s.StartsWith("table PreSessionsEngagements", StringComparison.Ordinal));
        Assert.Contains(schema, s => s.StartsWith("table PreSessionsAudit", StringComparison.Ordinal));
        var log = new SqliteAuditLog(ConnectionString, "presessions");
        await log.Append(new AuditSource("organisation/org-a", OrganisationId: "org-a"), 0,
            [new AuditEntry(DateTimeOffset.UnixEpoch, "system", "organisation.registered", "org-a", null, null)]);
        var directory = new SqliteEngagementDirectory(ConnectionString, "presessions");
        await directory.Record(new PreSessionKey(29, "FRA"), ["org-a", "org-b"]);
        await directory.Record(new PreSessionKey(29, "FRA"), ["org-a"]);
        await directory.Record(new PreSessionKey(30, "LUX"), ["org-a"]);

        EmbeddedStore.EnsureSchema(ConnectionString);
        Assert.Equal(schema, Rows("SELECT type || ' ' || name || ' ' || IFNULL(sql, '') FROM sqlite_master ORDER BY name"));
        Assert.Equal(["7 0506"], Rows("SELECT Version || ' ' || hex(Payload) FROM PreSessionsGrainState"));
        Assert.Equal(["29/FRA", "30/LUX"], (await directory.PreSessionsOf("org-a")).Select(k => k.GrainKey).Order(StringComparer.Ordinal));
        Assert.Equal([new PreSessionKey(29, "FRA")], await directory.PreSessionsOf("org-b"));
        Assert.Empty(await new SqliteEngagementDirectory(ConnectionString, "another-service").PreSessionsOf("org-a"));
        Assert.Equal(["organisation.registered"], (await log.Read(new AuditQuery(OrganisationId: "org-a"), 0, 10)).Entries.Select(e => e.Entry.Action));
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<string> Rows(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(reader.GetString(0));
        return rows;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
