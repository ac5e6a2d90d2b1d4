using System.Collections.Immutable;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PreSessions.Silo.Storage;

/// <summary>
/// The audit log over one of the stores' tables (<see cref="SqliteAuditLog"/>, <see cref="PostgresAuditLog"/>): the
/// same statements, with each store's names. An append is one transaction; a page is one query, by cursor.
/// </summary>
public abstract class AuditLogTable(string serviceId) : IAuditLog
{
    protected string ServiceId => serviceId;

    /// <summary>The table's and columns' names, in the order: table, id, service, source, sequence, wg, sur, organisation, room, at, actor, action, subject, detail, trace.</summary>
    protected abstract string[] Names { get; }

    protected abstract Task<DbConnection> Open(CancellationToken cancellationToken);

    /// <summary>Before the inserts, in their transaction: what makes ids committed in the order they were given.</summary>
    protected virtual string? Serialise => null;

    /// <summary>Held for the whole append, when the store's writers must take turns in this process (see <see cref="SqliteWriteGate"/>).</summary>
    protected virtual SemaphoreSlim? WriteGate => null;

    private readonly Lock _queueLock = new();
    private List<(AuditSource Source, long First, IReadOnlyList<AuditEntry> Entries, TaskCompletionSource Done)> _queue = [];
    private bool _appending;

    /// <summary>
    /// Appends from every grain of the silo share transactions: while one is being written, those that arrive wait
    /// and go together in the next, so a burst costs the store's single writer one commit per round, not one per grain.
    /// </summary>
    public Task Append(AuditSource source, long firstSequence, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_queueLock)
        {
            _queue.Add((source, firstSequence, entries, done));
            if (_appending)
                return done.Task;
            _appending = true;
        }
        // On the thread pool: the caller is a grain, and SQLite's statements and fsync run synchronously, so the round
        // must not run in (and hold) that grain's turn.
        _ = Task.Run(AppendRounds);
        return done.Task;
    }

    private async Task AppendRounds()
    {
        while (true)
        {
            List<(AuditSource Source, long First, IReadOnlyList<AuditEntry> Entries, TaskCompletionSource Done)> round;
            lock (_queueLock)
            {
                if (_queue.Count == 0)
                {
                    _appending = false;
                    return;
                }
                (round, _queue) = (_queue, []);
            }
            try
            {
                await AppendTogether(round, CancellationToken.None);
                round.ForEach(r => r.Done.SetResult());
            }
            catch (Exception failure)
            {
                round.ForEach(r => r.Done.SetException(failure));
            }
        }
    }

    private async Task AppendTogether(
        List<(AuditSource Source, long First, IReadOnlyList<AuditEntry> Entries, TaskCompletionSource Done)> round,
        CancellationToken cancellationToken)
    {
        var gate = WriteGate;
        if (gate is not null)
            await gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await Open(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (Serialise is { } serialise)
            {
                await using var lockCommand = Command(connection, transaction, serialise);
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }
            await Insert(connection, transaction, round.ConvertAll(r => (r.Source, r.First, r.Entries)), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>Inserts a round's entries, in its transaction: one statement per entry, unless a store does better.</summary>
    protected virtual async Task Insert(DbConnection connection, DbTransaction transaction,
        List<(AuditSource Source, long First, IReadOnlyList<AuditEntry> Entries)> round, CancellationToken cancellationToken)
    {
        var n = Names;
        await using var insert = Command(connection, transaction, $"""
            INSERT INTO {n[0]} ({n[2]}, {n[3]}, {n[4]}, {n[5]}, {n[6]}, {n[7]}, {n[8]}, {n[9]}, {n[10]}, {n[11]}, {n[12]}, {n[13]}, {n[14]})
            VALUES (@service, @source, @sequence, @wg, @sur, @organisation, @room, @at, @actor, @action, @subject, @detail, @trace)
            ON CONFLICT DO NOTHING
            """);
        foreach (var (source, firstSequence, entries) in round)
        {
            for (var i = 0; i < entries.Count; i++)
            {
                var e = entries[i];
                insert.Parameters.Clear();
                Bind(insert, ("service", serviceId), ("source", source.Name), ("sequence", firstSequence + i), ("wg", source.Wg),
                    ("sur", source.Sur), ("organisation", source.OrganisationId), ("room", source.Room), ("at", e.At.UtcTicks),
                    ("actor", e.Actor), ("action", e.Action), ("subject", e.Subject), ("detail", e.Detail), ("trace", e.TraceId));
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    public async Task<AuditPage> Read(AuditQuery query, long after, int limit, CancellationToken cancellationToken = default)
    {
        var n = Names;
        var filter = query switch
        {
            { Wg: not null, Sur: not null } => $"{n[5]} = @wg AND {n[6]} = @sur",
            { Wg: not null } => $"{n[5]} = @wg",
            { OrganisationId: not null } => $"{n[7]} = @organisation",
            { Room: not null } => $"{n[8]} = @room",
            _ => throw new ArgumentException("An audit query names a pre-session, a WG session, an organisation or a room.", nameof(query)),
        };
        await using var connection = await Open(cancellationToken);
        await using var select = Command(connection, null, $"""
            SELECT {n[1]}, {n[5]}, {n[6]}, {n[9]}, {n[10]}, {n[11]}, {n[12]}, {n[13]}, {n[14]}
            FROM {n[0]}
            WHERE {n[2]} = @service AND {n[1]} > @after AND {filter}
            ORDER BY {n[1]}
            LIMIT @limit
            """);
        Bind(select, ("service", serviceId), ("after", after), ("limit", limit + 1), ("wg", query.Wg), ("sur", query.Sur),
            ("organisation", query.OrganisationId), ("room", query.Room));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var entries = new List<LoggedAuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            entries.Add(new LoggedAuditEntry(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt32(1), Text(2),
                new AuditEntry(new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero), reader.GetString(4), reader.GetString(5),
                    Text(6), Text(7), Text(8))));
        }
        // One row more than asked says whether another page follows.
        return entries.Count > limit
            ? new AuditPage([.. entries.Take(limit)], entries[limit - 1].Id)
            : new AuditPage([.. entries], null);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Bind(DbCommand command, params (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
    }
}

/// <summary>The audit log in the embedded SQLite file (table <c>PreSessionsAudit</c>, script 003), synchronous = FULL.</summary>
public sealed class SqliteAuditLog(string connectionString, string serviceId) : AuditLogTable(serviceId)
{
    protected override string[] Names { get; } =
        ["PreSessionsAudit", "Id", "ServiceId", "Source", "Sequence", "Wg", "Sur", "OrganisationId", "Room", "AtUtcTicks",
         "Actor", "Action", "Subject", "Detail", "TraceId"];

    protected override SemaphoreSlim WriteGate => SqliteWriteGate.For(connectionString);

    // Microsoft.Data.Sqlite runs synchronously: opening (and so the whole append or read) moves to the thread pool,
    // so that a commit's fsync never holds a grain scheduler thread.
    protected override Task<DbConnection> Open(CancellationToken cancellationToken) =>
        Task.Run<DbConnection>(() => EmbeddedStore.OpenDurable(connectionString), cancellationToken);
}

/// <summary>The audit log in PostgreSQL (table <c>presessions_audit</c>, migration 0005), synchronous_commit on.</summary>
public sealed class PostgresAuditLog(string connectionString, string serviceId) : AuditLogTable(serviceId)
{
    /// <summary>"PreAudit" in ASCII: the advisory lock that orders appends, distinct from the migration lock.</summary>
    private const long AppendLockKey = 0x5072654175646974;

    protected override string[] Names { get; } =
        ["presessions_audit", "id", "service_id", "source", "sequence", "wg", "sur", "organisation_id", "room", "at_utc_ticks",
         "actor", "action", "subject", "detail", "trace_id"];

    protected override string Serialise => $"SELECT pg_advisory_xact_lock({AppendLockKey})";

    /// <summary>A round's entries in one statement (arrays unnested), so one round trip whatever their number.</summary>
    protected override async Task Insert(DbConnection connection, DbTransaction transaction,
        List<(AuditSource Source, long First, IReadOnlyList<AuditEntry> Entries)> round, CancellationToken cancellationToken)
    {
        var rows = round.SelectMany(r => r.Entries.Select((e, i) => (r.Source, Sequence: r.First + i, Entry: e))).ToList();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO presessions_audit (service_id, source, sequence, wg, sur, organisation_id, room, at_utc_ticks, actor, action, subject, detail, trace_id)
            SELECT @service, r.* FROM unnest(@sources, @sequences, @wgs, @surs, @organisations, @rooms, @ats, @actors, @actions, @subjects, @details, @traces) AS r
            ON CONFLICT DO NOTHING
            """, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        var p = insert.Parameters;
        p.AddWithValue("service", ServiceId);
        p.AddWithValue("sources", rows.Select(r => r.Source.Name).ToArray());
        p.AddWithValue("sequences", rows.Select(r => r.Sequence).ToArray());
        p.AddWithValue("wgs", rows.Select(r => r.Source.Wg).ToArray());
        p.AddWithValue("surs", rows.Select(r => r.Source.Sur).ToArray());
        p.AddWithValue("organisations", rows.Select(r => r.Source.OrganisationId).ToArray());
        p.AddWithValue("rooms", rows.Select(r => r.Source.Room).ToArray());
        p.AddWithValue("ats", rows.Select(r => r.Entry.At.UtcTicks).ToArray());
        p.AddWithValue("actors", rows.Select(r => r.Entry.Actor).ToArray());
        p.AddWithValue("actions", rows.Select(r => r.Entry.Action).ToArray());
        p.AddWithValue("subjects", rows.Select(r => r.Entry.Subject).ToArray());
        p.AddWithValue("details", rows.Select(r => r.Entry.Detail).ToArray());
        p.AddWithValue("traces", rows.Select(r => r.Entry.TraceId).ToArray());
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task<DbConnection> Open(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
