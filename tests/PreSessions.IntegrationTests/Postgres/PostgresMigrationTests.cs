using System.Data;
using Npgsql;
using PreSessions.Silo.Storage;

namespace PreSessions.IntegrationTests.Postgres;

/// <summary>`migrate` on a real PostgreSQL: idempotent, safe to run concurrently, and an upgrade from an older schema.</summary>
public sealed class PostgresMigrationTests : IAsyncLifetime
{
    /// <summary>Every query key the three Orleans ADO.NET providers (10.4.2) read from OrleansQuery.</summary>
    private static readonly string[] ProviderQueryKeys =
    [
        // Microsoft.Orleans.Persistence.AdoNet
        "ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey",
        // Microsoft.Orleans.Clustering.AdoNet
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey",
        "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
        // Microsoft.Orleans.Reminders.AdoNet
        "DeleteReminderRowKey", "DeleteReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
        "ReadReminderRowsKey", "UpsertReminderRowKey",
    ];

    private readonly PostgresDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Migrating_twice_applies_everything_once_and_the_second_run_nothing()
    {
        var first = await PostgresStore.MigrateAsync(_database.ConnectionString);
        Assert.Equal(PostgresStore.LatestVersion, first);
        var afterFirst = await AppliedAsync();
        Assert.Equal(Enumerable.Range(1, PostgresStore.LatestVersion), afterFirst.Select(m => m.Version));
        Assert.Equal(new[] { "grain_storage", "membership", "reminders" }, afterFirst.Take(3).Select(m => m.Name));
        Assert.Equal(ProviderQueryKeys.Order(StringComparer.Ordinal), await QueryKeysAsync());

        var second = await PostgresStore.MigrateAsync(_database.ConnectionString);

        Assert.Equal(first, second);
        Assert.Equal(afterFirst, await AppliedAsync()); // same rows, same applied_at: nothing ran again
    }

    [Fact]
    public async Task Concurrent_migrators_end_with_one_consistent_schema()
    {
        var versions = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(_ => Task.Run(() => PostgresStore.MigrateAsync(_database.ConnectionString))));

        Assert.All(versions, version => Assert.Equal(PostgresStore.LatestVersion, version));
        Assert.Equal(Enumerable.Range(1, PostgresStore.LatestVersion), (await AppliedAsync()).Select(m => m.Version));
        Assert.Equal(ProviderQueryKeys.Order(StringComparer.Ordinal), await QueryKeysAsync());
    }

    [Fact]
    public async Task A_database_at_an_older_version_gets_only_the_missing_migrations_and_keeps_its_data()
    {
        Assert.Equal(1, await PostgresStore.MigrateAsync(_database.ConnectionString, upTo: 1, CancellationToken.None));
        var atVersion1 = Assert.Single(await AppliedAsync());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => PostgresStore.EnsureMigratedAsync(_database.ConnectionString, CancellationToken.None));
        Assert.Contains($"schema version 1, this build needs {PostgresStore.LatestVersion}", error.Message);
        Assert.Contains("-- migrate", error.Message);

        // Grain state written at version 1, through the provider's own query.
        byte[] payload = [1, 2, 3, 4];
        Assert.Equal(1, await WriteGrainStateAsync("counter/alice/count", payload));

        Assert.Equal(PostgresStore.LatestVersion, await PostgresStore.MigrateAsync(_database.ConnectionString));

        var applied = await AppliedAsync();
        Assert.Equal(Enumerable.Range(1, PostgresStore.LatestVersion), applied.Select(m => m.Version));
        Assert.Equal(atVersion1, applied[0]); // version 1 was not run again
        await PostgresStore.EnsureMigratedAsync(_database.ConnectionString, CancellationToken.None);

        await using var connection = await _database.OpenAsync();
        await using var read = new NpgsqlCommand(
            "SELECT payload, version FROM presessions_grain_state WHERE state_key = 'counter/alice/count'", connection);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(payload, (byte[])reader[0]);
        Assert.Equal(1, reader.GetInt32(1));
    }

    [Fact]
    public async Task A_database_of_the_schema_before_the_engagement_directory_and_the_audit_log_is_upgraded_with_nothing_lost()
    {
        // Version 3 is the schema every database had before the engagement directory (4) and the audit log (5).
        Assert.Equal(3, await PostgresStore.MigrateAsync(_database.ConnectionString, upTo: 3, CancellationToken.None));
        byte[] payload = [5, 6, 7];
        Assert.Equal(1, await WriteGrainStateAsync("organisation/alice/organisation", payload));
        var before = await AppliedAsync();

        Assert.Equal(PostgresStore.LatestVersion, await PostgresStore.MigrateAsync(_database.ConnectionString));
        var afterFirst = await AppliedAsync();
        Assert.Equal(before, afterFirst.Take(3));
        Assert.Equal(["engagements", "audit", "grain_items"], afterFirst.Skip(3).Select(m => m.Name));
        await AssertGrainStateAsync("organisation/alice/organisation", payload, version: 1);

        // The new table works as the silos use it: idempotent rounds, read back by organisation.
        var directory = new PostgresEngagementDirectory(_database.ConnectionString, "presessions");
        var preSession = new PreSessionKey(29, "FRA");
        await directory.Record(preSession, ["org-a", "org-b"]);
        await directory.Record(preSession, ["org-a"]);
        await directory.Record(new PreSessionKey(29, "MLI"), ["org-a"]);
        Assert.Equal(["29/FRA", "29/MLI"], (await directory.PreSessionsOf("org-a")).Select(k => k.GrainKey).Order(StringComparer.Ordinal));
        Assert.Equal([preSession], await new PostgresEngagementDirectory(_database.ConnectionString, "presessions").PreSessionsOf("org-b"));
        Assert.Empty(await new PostgresEngagementDirectory(_database.ConnectionString, "another-service").PreSessionsOf("org-a"));

        // And the audit log: an append repeated (a flush after a lost answer) adds nothing; pages follow the cursor.
        var log = new PostgresAuditLog(_database.ConnectionString, "presessions");
        var source = new AuditSource("pre-session/29/FRA", 29, "FRA");
        AuditEntry[] entries = [.. Enumerable.Range(0, 3).Select(i => new AuditEntry(
            new DateTimeOffset(2017, 12, 1, 9, 0, i, TimeSpan.Zero), "operator", $"step.{i}", null, null, null))];
        await log.Append(source, 0, entries);
        await log.Append(source, 1, entries[1..]);
        var first = await log.Read(new AuditQuery(29, "FRA"), 0, 2);
        Assert.Equal(entries[..2], first.Entries.Select(e => e.Entry));
        var second = await log.Read(new AuditQuery(29, "FRA"), first.Next!.Value, 2);
        Assert.Equal(entries[2..], second.Entries.Select(e => e.Entry));
        Assert.Null(second.Next);
        Assert.Equal(3, (await log.Read(new AuditQuery(29), 0, 10)).Entries.Length);

        // Migrating again changes nothing: no migration runs, the data stays.
        Assert.Equal(PostgresStore.LatestVersion, await PostgresStore.MigrateAsync(_database.ConnectionString));
        Assert.Equal(afterFirst, await AppliedAsync());
        await AssertGrainStateAsync("organisation/alice/organisation", payload, version: 1);
        Assert.Equal(2, (await directory.PreSessionsOf("org-a")).Count);
        Assert.Equal(3, (await log.Read(new AuditQuery(29, "FRA"), 0, 10)).Entries.Length);
    }

    private async Task AssertGrainStateAsync(string stateKey, byte[] payload, int version)
    {
        await using var connection = await _database.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT payload, version FROM presessions_grain_state WHERE state_key = @key", connection);
        read.Parameters.AddWithValue("key", stateKey);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(payload, (byte[])reader[0]);
        Assert.Equal(version, reader.GetInt32(1));
    }

    [Fact]
    public async Task A_silo_on_a_database_never_migrated_refuses_to_start_and_says_what_to_run()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(
            () => PostgresTestCluster.StartAsync(_database.ConnectionString, silos: 1));

        var refusal = Assert.IsType<InvalidOperationException>(error.GetBaseException());
        Assert.Contains("never migrated", refusal.Message);
        Assert.Contains("dotnet run --project src/Silo -- migrate", refusal.Message);
    }

    private async Task<List<(int Version, string Name, DateTime AppliedAt)>> AppliedAsync()
    {
        await using var connection = await _database.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT version, name, applied_at FROM presessions_schema_migrations ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var applied = new List<(int, string, DateTime)>();
        while (await reader.ReadAsync())
            applied.Add((reader.GetInt32(0), reader.GetString(1), reader.GetDateTime(2)));
        return applied;
    }

    private async Task<List<string>> QueryKeysAsync()
    {
        await using var connection = await _database.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
            keys.Add(reader.GetString(0));
        return keys;
    }

    /// <summary>Runs the installed WriteToStorageKey text as the provider does: same parameter names and types.</summary>
    private async Task<int?> WriteGrainStateAsync(string stateKey, byte[] payload)
    {
        await using var connection = await _database.OpenAsync();
        await using var write = (await ProviderQueries.CommandAsync(connection, "WriteToStorageKey"))
            .Bind("GrainIdHash", DbType.Int32, 17)
            .Bind("GrainIdN0", DbType.Int64, 0L)
            .Bind("GrainIdN1", DbType.Int64, 0L)
            .Bind("GrainTypeHash", DbType.Int32, 42)
            .Bind("GrainTypeString", DbType.String, stateKey)
            .Bind("GrainIdExtensionString", DbType.String, "alice")
            .Bind("ServiceId", DbType.String, "presessions")
            .Bind("GrainStateVersion", DbType.Int32, null)
            .Bind("PayloadBinary", DbType.Binary, payload);
        return await write.ExecuteScalarAsync() as int?;
    }
}
