using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;
using Orleans.Serialization;

namespace PreSessions.FunctionalTests.Durability;

/// <summary>
/// What the gateway's exception handler answers for each failure a request can meet while the cluster or its storage
/// is down (503 with Retry-After, so a careful client retries), and for a bug (not handled: a 500 to see). The
/// PostgreSQL restart itself is shown with real processes in the integration tests' ClusterProcessTests.
/// </summary>
public sealed class OutageAnswersTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    public static TheoryData<string, Exception> Outages => new()
    {
        { "server shutting down", new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01") },
        { "server starting", new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03") },
        { "connection failure", new PostgresException("connection failure", "FATAL", "FATAL", "08006") },
        { "broken pipe", new NpgsqlException("Exception while writing to stream", new IOException("Broken pipe")) },
        { "activation's read", new OrleansException("Error from storage provider during ReadStateAsync", new NpgsqlException("Failed to connect to 127.0.0.1:5432")) },
        { "group commit", new StorageUnavailableException("The change could not be stored (NpgsqlException).") },
        { "silo gone", new SiloUnavailableException() },
        { "grain call timeout", new TimeoutException("Response did not arrive on time") },
        { "sqlite busy", new SqliteException("database is locked", 5) },
        { "disk full", new SqliteException("database or disk is full", 13) },
    };

    public static TheoryData<string, Exception> Bugs => new()
    {
        { "syntax", new PostgresException("syntax error at or near", "ERROR", "ERROR", "42601") },
        { "constraint", new OrleansException("Error from storage provider", new PostgresException("duplicate key", "ERROR", "ERROR", "23505")) },
        { "sqlite constraint", new SqliteException("UNIQUE constraint failed", 19) },
        { "a codec missing", new CodecNotFoundException("Could not find a codec for type Npgsql.NpgsqlException.") },
        { "plain bug", new InvalidOperationException("Sequence contains no elements") },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task An_outage_is_503_with_Retry_After(string what, Exception failure)
    {
        var (handled, context) = await Handle(failure);
        Assert.True(handled, what);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
    }

    [Theory]
    [MemberData(nameof(Bugs))]
    public async Task A_bug_is_left_a_500(string what, Exception failure)
    {
        var (handled, _) = await Handle(failure);
        Assert.False(handled, what);
    }

    private async Task<(bool Handled, HttpContext Context)> Handle(Exception failure)
    {
        using var scope = gateway.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = "POST";
        context.Request.Path = "/api/organisations";
        context.Response.Body = new MemoryStream();
        var handled = false;
        foreach (var handler in scope.ServiceProvider.GetServices<IExceptionHandler>())
            handled |= await handler.TryHandleAsync(context, failure, CancellationToken.None);
        return (handled, context);
    }
}
