using System.Data;
using Npgsql;

namespace PreSessions.IntegrationTests.Postgres;

/// <summary>Reminders stored in PreSessions' reminders table, read back by range as the silos' reminder service does.</summary>
public sealed class PostgresReminderTests : IClassFixture<MigratedPostgresDatabase>
{
    private readonly MigratedPostgresDatabase _database;

    public PostgresReminderTests(MigratedPostgresDatabase database) => _database = database;

    [Fact]
    public async Task A_reminder_fires_is_stored_and_unregistering_removes_it()
    {
        const string reminderName = "wake-up";
        var cluster = await PostgresTestCluster.StartAsync(_database.ConnectionString, silos: 1);
        try
        {
            var grain = cluster.Client.GetGrain<IReminderProbeGrain>("probe");
            await grain.Register(reminderName, dueTime: TimeSpan.FromSeconds(1), period: TimeSpan.FromMinutes(1));

            Assert.Equal(1, await ReminderRowsAsync(grain.GetGrainId().ToString(), reminderName));
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (await grain.TicksOf(reminderName) == 0)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the reminder did not fire within 30 s");
                await Task.Delay(200);
            }

            await grain.Unregister(reminderName);
            Assert.Equal(0, await ReminderRowsAsync(grain.GetGrainId().ToString(), reminderName));
        }
        finally
        {
            await PostgresTestCluster.StopAsync(cluster);
        }
    }

    /// <summary>
    /// The ring is unsigned, the provider binds hashes as (int)uint and picks ReadRangeRows1Key or ReadRangeRows2Key
    /// by signed order. Every range, including those crossing 2^31 or wrapping past zero, must read exactly the
    /// reminders whose hash lies in (begin, end] on the unsigned ring.
    /// </summary>
    [Fact]
    public async Task Range_reads_return_exactly_the_unsigned_ring_range()
    {
        const string serviceId = "ring-test";
        uint[] hashes = [0, 1, 1000, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xC0000000, 0xFFFFFFFE, 0xFFFFFFFF];
        await using var connection = await _database.OpenAsync();
        foreach (var hash in hashes)
        {
            await using var upsert = await ProviderQueries.CommandAsync(connection, "UpsertReminderRowKey");
            upsert.Bind("ServiceId", DbType.String, serviceId);
            upsert.Bind("GrainHash", DbType.Int32, (int)hash);
            upsert.Bind("GrainId", DbType.AnsiString, $"probe/{hash}");
            upsert.Bind("ReminderName", DbType.String, "r");
            upsert.Bind("StartTime", DbType.DateTime, DateTime.UtcNow);
            upsert.Bind("Period", DbType.Int32, 60_000);
            Assert.Equal(0, await upsert.ExecuteScalarAsync());
        }

        (uint Begin, uint End)[] ranges =
        [
            (0, 0x7FFFFFFF), (10, 0x90000000), (0x7FFFFFFF, 0x80000000), (0x80000000, 0xFFFFFFFF),
            (0xF0000000, 5), (0x40000000, 0x20000000), (0xFFFFFFFF, 0), (5, 5), (0, 0),
        ];
        foreach (var (begin, end) in ranges)
        {
            var key = (int)begin < (int)end ? "ReadRangeRows1Key" : "ReadRangeRows2Key";
            await using var read = await ProviderQueries.CommandAsync(connection, key);
            read.Bind("ServiceId", DbType.String, serviceId);
            read.Bind("BeginHash", DbType.Int32, (int)begin);
            read.Bind("EndHash", DbType.Int32, (int)end);
            var found = new List<uint>();
            await using (var reader = await read.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                    found.Add(uint.Parse(reader.GetString(reader.GetOrdinal("GrainId"))["probe/".Length..]));
            }

            var expected = hashes.Where(hash => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end);
            Assert.True(expected.Order().SequenceEqual(found.Order()),
                $"({begin:X8}, {end:X8}] via {key}: expected {string.Join(",", expected.Select(h => h.ToString("X8")))}, read {string.Join(",", found.Order().Select(h => h.ToString("X8")))}");
        }
    }

    private async Task<long> ReminderRowsAsync(string grainId, string reminderName)
    {
        await using var connection = await _database.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM presessions_reminders WHERE service_id = @service AND grain_id = @grain AND reminder_name = @name",
            connection);
        command.Parameters.AddWithValue("service", PostgresTestCluster.ServiceId);
        command.Parameters.AddWithValue("grain", grainId);
        command.Parameters.AddWithValue("name", reminderName);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
