using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PreSessions.Silo.Storage;

namespace PreSessions.FunctionalTests.Telemetry;

/// <summary>
/// /health/ready follows the store: while the embedded SQLite store does not answer, the gateway is not ready; once it
/// answers again, it is. The store is made to not answer for real: another connection holds it locked, as a backup
/// tool or a stuck process would, so every query waits and times out.
/// </summary>
public sealed class ReadinessTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ready_turns_false_while_the_store_does_not_answer_and_true_again_after()
    {
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync()).Status);

        using (var holder = HoldStoreLocked())
        {
            var (status, body, retryAfter) = await ReadyAsync();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.NotNull(retryAfter);
            Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
            Assert.NotEqual("Healthy", body.GetProperty("checks").GetProperty("storage").GetString());
        }

        var waited = Stopwatch.StartNew();
        while ((await ReadyAsync()).Status != HttpStatusCode.OK)
            Assert.True(waited.Elapsed < Bound, "/health/ready did not answer 200 again once the store answered.");
    }

    /// <summary>
    /// A connection of its own (not pooled) that takes the store's lock in SQLite's exclusive locking mode and keeps it
    /// until disposed: meanwhile no other connection can read or write the database. It can take the lock only when no
    /// other connection is open, as after the gateway's idle connections have been closed: so they are closed first.
    /// </summary>
    private SqliteConnection HoldStoreLocked()
    {
        SqliteConnection.ClearAllPools();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(EmbeddedStore.ConnectionString(gateway.DataDirectory))
        {
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;";
        command.ExecuteNonQuery();
        return connection;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, string? RetryAfter)> ReadyAsync()
    {
        using var client = gateway.Client();
        client.Timeout = Bound;
        using var response = await client.GetAsync("/health/ready");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body, response.Headers.RetryAfter?.ToString());
    }
}
