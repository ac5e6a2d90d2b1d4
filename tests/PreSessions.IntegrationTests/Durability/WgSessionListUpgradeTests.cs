using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PreSessions.Silo.Storage;
using Xunit.Abstractions;

namespace PreSessions.IntegrationTests.Durability;

/// <summary>
/// A store written before the WG session directory existed has WG sessions (the seeded WG 29 week among them) and no
/// directory. The seed runs only on an empty store, so nothing writes those WG sessions again: the list must still
/// show every one of them. The real gateway process writes a store, and the test removes the directory's record, which
/// leaves exactly what an older gateway left.
/// </summary>
public sealed class WgSessionListUpgradeTests(ITestOutputHelper log)
{
    [Fact]
    public async Task A_store_from_before_the_directory_lists_the_seeded_week_and_every_other_wg_session()
    {
        using var data = new TempDataDirectory();
        var operatorToken = "upgrade-operator-" + Guid.NewGuid().ToString("N");

        await using (var first = await ServiceProcess.StartReadyAsync(data.Path, seedDemo: true, operatorToken))
        {
            try
            {
                var op = first.Client(operatorToken);
                Assert.Equal(14, (await first.Http.GetJsonAsync("/api/wg-sessions/29")).GetProperty("preSessions").GetArrayLength());
                await op.PutAsJsonAsync("/api/wg-sessions/31", new { title = "WG 31, no week yet", venue = "Palais des Nations, Geneva", provisional = true })
                    .ExpectAsync(HttpStatusCode.Created);
                await op.PutAsJsonAsync("/api/wg-sessions/30", new { title = "WG 30", venue = "Palais des Nations, Geneva", provisional = false })
                    .ExpectAsync(HttpStatusCode.Created);
                await op.PutAsJsonAsync("/api/wg-sessions/30/pre-sessions/LUX",
                        new { startsAt = "2018-04-10T10:00:00+02:00", durationMinutes = 60, room = "XXIV", panelSize = 5, seats = 40 })
                    .ExpectAsync(HttpStatusCode.Created);
                Assert.Equal(0, await first.StopAsync());
            }
            finally
            {
                log.WriteLine($"--- first gateway ---\n{first.Output}");
            }
        }

        Assert.Equal(1, ForgetTheDirectory(data.Path));

        await using var second = await ServiceProcess.StartReadyAsync(data.Path, seedDemo: false, operatorToken);
        try
        {
            var list = (await second.Http.GetJsonAsync("/api/wg-sessions")).EnumerateArray().ToArray();

            Assert.Equal([29, 30, 31], list.Select(e => e.Int("wg")).ToArray());
            var week = list[0];
            Assert.Equal(("Pre-sessions for the 29th UPR Working Group session", "Palais des Nations, Geneva"), (week.Str("title"), week.Str("venue")));
            Assert.True(week.GetProperty("provisional").GetBoolean());
            Assert.Equal(("2017-12-12", "2017-12-15"), (week.Str("firstDay"), week.Str("lastDay")));
            Assert.Equal(("2018-04-10", "2018-04-10"), (list[1].Str("firstDay"), list[1].Str("lastDay")));
            Assert.Equal(JsonValueKind.Null, list[2].GetProperty("firstDay").ValueKind);

            // Once found, a WG session is listed without asking again, and changes still show.
            await second.Client(operatorToken).PutAsJsonAsync("/api/wg-sessions/31/pre-sessions/FRA",
                    new { startsAt = "2018-01-15T10:00:00+01:00", durationMinutes = 60, room = "XXIV", panelSize = 5, seats = 40 })
                .ExpectAsync(HttpStatusCode.Created);
            var again = (await second.Http.GetJsonAsync("/api/wg-sessions")).EnumerateArray().Select(e => e.Int("wg")).ToArray();
            Assert.Equal([29, 31, 30], again);
        }
        finally
        {
            log.WriteLine($"--- second gateway ---\n{second.Output}");
        }
    }

    /// <summary>Deletes the directory's stored record from the SQLite store; answers how many records it deleted.</summary>
    private static int ForgetTheDirectory(string dataDirectory)
    {
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, EmbeddedStore.DatabaseFileName),
            Pooling = false,
        };
        using var sqlite = new SqliteConnection(connection.ToString());
        sqlite.Open();
        using var delete = sqlite.CreateCommand();
        delete.CommandText = "DELETE FROM PreSessionsGrainState WHERE StateKey LIKE '%/wgSessionDirectory'";
        return delete.ExecuteNonQuery();
    }
}
