using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace PreSessions.Silo.Storage;

/// <summary>
/// The engagement directory in the embedded SQLite file (table <c>PreSessionsEngagements</c>, script 002): one
/// writer transaction and one fsync (<c>synchronous = FULL</c>, as the grain state) for a whole round of organisations.
/// </summary>
public sealed class SqliteEngagementDirectory(string connectionString, string serviceId) : IEngagementDirectory
{
    // Microsoft.Data.Sqlite's async methods run synchronously: the work goes to the thread pool so that a commit's
    // fsync, or a wait for the single writer, never holds a grain scheduler thread.
    public Task Record(PreSessionKey preSession, IReadOnlyCollection<string> organisationIds, CancellationToken cancellationToken = default) =>
        SqliteWriteGate.Write(connectionString, () =>
        {
            using var connection = EmbeddedStore.OpenDurable(connectionString);
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO PreSessionsEngagements (ServiceId, OrganisationId, PreSession)
                VALUES (@service, @organisation, @preSession)
                ON CONFLICT DO NOTHING;
                """;
            insert.Parameters.AddWithValue("@service", serviceId);
            insert.Parameters.AddWithValue("@preSession", preSession.GrainKey);
            var organisation = insert.Parameters.Add("@organisation", SqliteType.Text);
            foreach (var id in organisationIds)
            {
                organisation.Value = id;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<PreSessionKey>> PreSessionsOf(string organisationId, CancellationToken cancellationToken = default) =>
        Task.Run<IReadOnlyList<PreSessionKey>>(() =>
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var select = connection.CreateCommand();
            select.CommandText = """
                SELECT PreSession FROM PreSessionsEngagements
                WHERE ServiceId = @service AND OrganisationId = @organisation;
                """;
            select.Parameters.AddWithValue("@service", serviceId);
            select.Parameters.AddWithValue("@organisation", organisationId);
            using var reader = select.ExecuteReader();
            var keys = new List<PreSessionKey>();
            while (reader.Read())
                keys.Add(PreSessionKey.Parse(reader.GetString(0)));
            return keys;
        }, cancellationToken);
}

/// <summary>
/// The engagement directory in PostgreSQL (table <c>presessions_engagements</c>, migration 0004): one statement,
/// so one round trip and one commit (synchronous_commit on), for a whole round of organisations.
/// </summary>
public sealed class PostgresEngagementDirectory(string connectionString, string serviceId) : IEngagementDirectory
{
    public async Task Record(PreSessionKey preSession, IReadOnlyCollection<string> organisationIds, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO presessions_engagements (service_id, organisation_id, pre_session)
            SELECT @service, organisation, @preSession FROM unnest(@organisations) AS organisation
            ON CONFLICT DO NOTHING
            """, connection);
        insert.Parameters.AddWithValue("service", serviceId);
        insert.Parameters.AddWithValue("preSession", preSession.GrainKey);
        insert.Parameters.AddWithValue("organisations", organisationIds.ToArray());
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PreSessionKey>> PreSessionsOf(string organisationId, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var select = new NpgsqlCommand("""
            SELECT pre_session FROM presessions_engagements WHERE service_id = @service AND organisation_id = @organisation
            """, connection);
        select.Parameters.AddWithValue("service", serviceId);
        select.Parameters.AddWithValue("organisation", organisationId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var keys = new List<PreSessionKey>();
        while (await reader.ReadAsync(cancellationToken))
            keys.Add(PreSessionKey.Parse(reader.GetString(0)));
        return keys;
    }
}

internal static class StoreServiceRegistration
{
    /// <summary>The audit log over the same database as the grain state, keyed by the cluster's service id.</summary>
    public static ISiloBuilder AddAuditLog(this ISiloBuilder silo, Func<string, IAuditLog> create)
    {
        silo.Services.AddSingleton(sp => create(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        return silo;
    }

    /// <summary>The directory over the same database as the grain state, keyed by the cluster's service id.</summary>
    public static ISiloBuilder AddEngagementDirectory(this ISiloBuilder silo, Func<string, IEngagementDirectory> create)
    {
        silo.Services.AddSingleton(sp => create(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        return silo;
    }
}
