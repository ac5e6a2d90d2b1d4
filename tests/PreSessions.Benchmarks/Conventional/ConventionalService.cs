using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace PreSessions.Benchmarks.Conventional;

/// <summary>
/// The design a team would build instead of PreSessions, kept honest and simple: ASP.NET Core minimal API and
/// PostgreSQL through Npgsql, one transaction and a row lock per application, synchronous commit (the server's
/// default), no batching and no cache. It answers the few routes of the PreSessions contract the load generator uses,
/// with the same JSON, so that both systems take exactly the same load.
/// </summary>
/// <remarks>
/// Settings: ConnectionStrings:Conventional (its own database; the tables are created at start) and
/// Auth:OperatorToken (the bearer token that may set up WG sessions and pre-sessions).
/// </remarks>
public static class ConventionalService
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // As the gateway's appsettings.json: no log line per request.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var connection = builder.Configuration.GetConnectionString("Conventional")
            ?? throw new InvalidOperationException("Set ConnectionStrings__Conventional.");
        var operatorToken = builder.Configuration["Auth:OperatorToken"]
            ?? throw new InvalidOperationException("Set Auth__OperatorToken.");
        var database = NpgsqlDataSource.Create(connection);
        await CreateSchemaAsync(database);

        var app = builder.Build();
        app.MapGet("/health/ready", () => TypedResults.Ok());
        app.MapPost("/api/organisations", (Registration body) => Register(database, body));
        app.MapPut("/api/wg-sessions/{wg:int}", (int wg, HttpContext http) =>
            IsOperator(http, operatorToken) ? DefineWgSession(database, wg) : Task.FromResult<IResult>(TypedResults.Unauthorized()));
        app.MapPut("/api/wg-sessions/{wg:int}/pre-sessions/{sur}", (int wg, string sur, Plan body, HttpContext http) =>
            IsOperator(http, operatorToken) ? SchedulePreSession(database, wg, sur, body) : Task.FromResult<IResult>(TypedResults.Unauthorized()));
        app.MapGet("/api/wg-sessions/{wg:int}/pre-sessions/{sur}", (int wg, string sur) => GetPreSession(database, wg, sur));
        app.MapPost("/api/wg-sessions/{wg:int}/pre-sessions/{sur}/applications", (int wg, string sur, SpeakerApplication body, HttpContext http) =>
            Apply(database, wg, sur, body, http));
        await app.RunAsync();
        return 0;
    }

    public sealed record Registration(string? Name, string? Kind);

    public sealed record Registered(string Id, string Name, string Token);

    public sealed record Plan(int? PanelSize);

    public sealed record SpeakerApplication(string? SpeakerName, string[]? Themes);

    public sealed record Answer(string Status, int Position);

    public sealed record PanelSpeaker(string OrganisationId, int Position);

    public sealed record PreSessionView(int Wg, string Sur, int PanelSize, PanelSpeaker[] Panel, int WaitlistCount);

    private static async Task CreateSchemaAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("""
            CREATE TABLE IF NOT EXISTS organisations (
                id text PRIMARY KEY,
                name text NOT NULL,
                kind text NOT NULL,
                token_hash bytea NOT NULL UNIQUE);
            CREATE TABLE IF NOT EXISTS wg_sessions (wg int PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS pre_sessions (
                id serial PRIMARY KEY,
                wg int NOT NULL REFERENCES wg_sessions,
                sur text NOT NULL,
                panel_size int NOT NULL,
                UNIQUE (wg, sur));
            CREATE TABLE IF NOT EXISTS applications (
                pre_session_id int NOT NULL REFERENCES pre_sessions,
                organisation_id text NOT NULL REFERENCES organisations,
                status text NOT NULL,
                position int NOT NULL,
                speaker_name text,
                themes text[] NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (pre_session_id, organisation_id));
            """);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<IResult> Register(NpgsqlDataSource database, Registration body)
    {
        if (string.IsNullOrWhiteSpace(body.Name) || body.Kind is not ("cso" or "nhri" or "mission"))
            return TypedResults.BadRequest();
        var id = "org-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var insert = database.CreateCommand("INSERT INTO organisations (id, name, kind, token_hash) VALUES ($1, $2, $3, $4)");
        insert.Parameters.Add(new() { Value = id });
        insert.Parameters.Add(new() { Value = body.Name });
        insert.Parameters.Add(new() { Value = body.Kind });
        insert.Parameters.Add(new() { Value = Hash(token) });
        await insert.ExecuteNonQueryAsync();
        return TypedResults.Created($"/api/organisations/{id}", new Registered(id, body.Name, token));
    }

    private static async Task<IResult> DefineWgSession(NpgsqlDataSource database, int wg)
    {
        await using var upsert = database.CreateCommand("INSERT INTO wg_sessions (wg) VALUES ($1) ON CONFLICT DO NOTHING");
        upsert.Parameters.Add(new() { Value = wg });
        await upsert.ExecuteNonQueryAsync();
        return TypedResults.Ok();
    }

    private static async Task<IResult> SchedulePreSession(NpgsqlDataSource database, int wg, string sur, Plan body)
    {
        await using var upsert = database.CreateCommand("""
            INSERT INTO pre_sessions (wg, sur, panel_size) VALUES ($1, $2, $3)
            ON CONFLICT (wg, sur) DO UPDATE SET panel_size = excluded.panel_size
            """);
        upsert.Parameters.Add(new() { Value = wg });
        upsert.Parameters.Add(new() { Value = sur });
        upsert.Parameters.Add(new() { Value = body.PanelSize ?? 0 });
        await upsert.ExecuteNonQueryAsync();
        return TypedResults.Ok();
    }

    /// <summary>
    /// One application, the conventional way: authenticate (one indexed read), then in one transaction lock the
    /// pre-session's row, count its applications, insert this one with its standing, and commit. The row lock makes
    /// applications to one pre-session take turns, each turn lasting until its commit is flushed.
    /// </summary>
    private static async Task<IResult> Apply(NpgsqlDataSource database, int wg, string sur, SpeakerApplication body, HttpContext http)
    {
        await using var connection = await database.OpenConnectionAsync();
        if (await AuthenticateAsync(connection, http) is not { } organisationId)
            return TypedResults.Unauthorized();
        await using var transaction = await connection.BeginTransactionAsync();

        await using var lockRow = new NpgsqlCommand("SELECT id, panel_size FROM pre_sessions WHERE wg = $1 AND sur = $2 FOR UPDATE", connection, transaction);
        lockRow.Parameters.Add(new() { Value = wg });
        lockRow.Parameters.Add(new() { Value = sur });
        int preSessionId, panelSize;
        await using (var reader = await lockRow.ExecuteReaderAsync())
        {
            if (!await reader.ReadAsync())
                return TypedResults.NotFound();
            (preSessionId, panelSize) = (reader.GetInt32(0), reader.GetInt32(1));
        }

        // Idempotent by (organisation, pre-session): applying again answers the standing it got the first time.
        await using var existing = new NpgsqlCommand(
            "SELECT status, position FROM applications WHERE pre_session_id = $1 AND organisation_id = $2", connection, transaction);
        existing.Parameters.Add(new() { Value = preSessionId });
        existing.Parameters.Add(new() { Value = organisationId });
        await using (var reader = await existing.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync())
            {
                var first = new Answer(reader.GetString(0), reader.GetInt32(1));
                await reader.DisposeAsync();
                await transaction.CommitAsync();
                return TypedResults.Created((string?)null, first);
            }
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM applications WHERE pre_session_id = $1", connection, transaction);
        count.Parameters.Add(new() { Value = preSessionId });
        var index = (int)(long)(await count.ExecuteScalarAsync())!;
        var answer = index < panelSize ? new Answer("panel", index + 1) : new Answer("waitlist", index - panelSize + 1);

        await using var insert = new NpgsqlCommand("""
            INSERT INTO applications (pre_session_id, organisation_id, status, position, speaker_name, themes)
            VALUES ($1, $2, $3, $4, $5, $6)
            """, connection, transaction);
        insert.Parameters.Add(new() { Value = preSessionId });
        insert.Parameters.Add(new() { Value = organisationId });
        insert.Parameters.Add(new() { Value = answer.Status });
        insert.Parameters.Add(new() { Value = answer.Position });
        insert.Parameters.Add(new() { Value = (object?)body.SpeakerName ?? DBNull.Value });
        insert.Parameters.Add(new() { Value = body.Themes ?? [] });
        await insert.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return TypedResults.Created((string?)null, answer);
    }

    private static async Task<IResult> GetPreSession(NpgsqlDataSource database, int wg, string sur)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var preSession = new NpgsqlCommand("SELECT id, panel_size FROM pre_sessions WHERE wg = $1 AND sur = $2", connection);
        preSession.Parameters.Add(new() { Value = wg });
        preSession.Parameters.Add(new() { Value = sur });
        int id, panelSize;
        await using (var reader = await preSession.ExecuteReaderAsync())
        {
            if (!await reader.ReadAsync())
                return TypedResults.NotFound();
            (id, panelSize) = (reader.GetInt32(0), reader.GetInt32(1));
        }
        await using var standings = new NpgsqlCommand(
            "SELECT organisation_id, status, position FROM applications WHERE pre_session_id = $1 ORDER BY status, position", connection);
        standings.Parameters.Add(new() { Value = id });
        var panel = new List<PanelSpeaker>();
        var waitlist = 0;
        await using (var reader = await standings.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (reader.GetString(1) == "panel")
                    panel.Add(new PanelSpeaker(reader.GetString(0), reader.GetInt32(2)));
                else
                    waitlist++;
            }
        }
        return TypedResults.Ok(new PreSessionView(wg, sur, panelSize, [.. panel], waitlist));
    }

    private static async Task<string?> AuthenticateAsync(NpgsqlConnection connection, HttpContext http)
    {
        if (BearerToken(http) is not { } token)
            return null;
        await using var find = new NpgsqlCommand("SELECT id FROM organisations WHERE token_hash = $1", connection);
        find.Parameters.Add(new() { Value = Hash(token) });
        return await find.ExecuteScalarAsync() as string;
    }

    private static bool IsOperator(HttpContext http, string operatorToken) =>
        BearerToken(http) is { } token &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(operatorToken));

    private static string? BearerToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
