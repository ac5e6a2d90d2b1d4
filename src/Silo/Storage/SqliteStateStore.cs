using Microsoft.Data.Sqlite;

namespace PreSessions.Silo.Storage;

/// <summary>
/// Grain records in the embedded SQLite file: heads in <c>PreSessionsGrainState</c> (script 001), items in
/// <c>PreSessionsGrainItems</c> (script 004). A commit is one writer transaction (<c>BEGIN IMMEDIATE</c>) and one fsync
/// of the WAL (<c>synchronous = FULL</c>, see <see cref="EmbeddedStore"/>), whatever the number of grains it carries.
/// </summary>
public sealed class SqliteStateStore(string connectionString, string serviceId) : IStateStore
{
    // Microsoft.Data.Sqlite's async methods run synchronously: the work goes to the thread pool so that a commit's
    // fsync, or a wait for the single writer, never holds a grain scheduler thread.
    public Task<StoredRecord?> Read(string stateKey, CancellationToken cancellationToken = default) =>
        Task.Run(async () =>
        {
            using var connection = Open();
            using var select = connection.CreateCommand();
            // One statement, so one snapshot of head and items.
            select.CommandText = """
                SELECT Version, Payload, NULL, NULL, NULL FROM PreSessionsGrainState
                WHERE ServiceId = @service AND StateKey = @key
                UNION ALL
                SELECT NULL, Payload, List, ItemKey, Ord FROM PreSessionsGrainItems
                WHERE ServiceId = @service AND StateKey = @key
                ORDER BY 3, 5;
                """;
            select.Parameters.AddWithValue("@service", serviceId);
            select.Parameters.AddWithValue("@key", stateKey);
            using var reader = select.ExecuteReader();
            return await StoredRecord.ReadAsync(reader, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<int?>> Commit(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default) =>
        SqliteWriteGate.Write<IReadOnlyList<int?>>(connectionString, () =>
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            using var commands = new Commands(connection, transaction, serviceId);
            var versions = new int?[writes.Count];
            for (var i = 0; i < writes.Count; i++)
                versions[i] = commands.Apply(writes[i]);
            transaction.Commit();
            return versions;
        }, cancellationToken);

    private SqliteConnection Open() => EmbeddedStore.OpenDurable(connectionString);

    /// <summary>The statements of one commit, prepared once and bound per write.</summary>
    private sealed class Commands : IDisposable
    {
        private readonly SqliteCommand _create, _update, _clearItems, _upsertItem, _deleteItem;

        public Commands(SqliteConnection connection, SqliteTransaction transaction, string serviceId)
        {
            SqliteCommand Command(string sql)
            {
                var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                command.Parameters.AddWithValue("@service", serviceId);
                command.Parameters.Add("@key", SqliteType.Text);
                return command;
            }

            // The key columns KeyN0/KeyN1/KeyExtension are the ADO.NET provider's identity, kept for the rows it wrote;
            // StateKey alone names a record (unique since script 004).
            _create = Command("""
                INSERT INTO PreSessionsGrainState (ServiceId, StateKey, KeyN0, KeyN1, KeyExtension, Version, Payload, UpdatedAtUnix)
                VALUES (@service, @key, 0, 0, NULL, 1, @payload, unixepoch())
                ON CONFLICT DO NOTHING
                RETURNING Version;
                """);
            _create.Parameters.Add("@payload", SqliteType.Blob);
            _update = Command("""
                UPDATE PreSessionsGrainState
                SET Payload = CASE WHEN @replace THEN @payload ELSE Payload END,
                    Version = CASE WHEN Version >= 2147483647 THEN 1 ELSE Version + 1 END,
                    UpdatedAtUnix = unixepoch()
                WHERE ServiceId = @service AND StateKey = @key AND Version = @expected
                RETURNING Version;
                """);
            _update.Parameters.Add("@replace", SqliteType.Integer);
            _update.Parameters.Add("@payload", SqliteType.Blob);
            _update.Parameters.Add("@expected", SqliteType.Integer);
            _clearItems = Command("DELETE FROM PreSessionsGrainItems WHERE ServiceId = @service AND StateKey = @key;");
            _upsertItem = Command("""
                INSERT INTO PreSessionsGrainItems (ServiceId, StateKey, List, ItemKey, Ord, Payload)
                VALUES (@service, @key, @list, @item, @order, @payload)
                ON CONFLICT (ServiceId, StateKey, List, ItemKey) DO UPDATE SET Ord = excluded.Ord, Payload = excluded.Payload;
                """);
            _upsertItem.Parameters.Add("@list", SqliteType.Text);
            _upsertItem.Parameters.Add("@item", SqliteType.Text);
            _upsertItem.Parameters.Add("@order", SqliteType.Integer);
            _upsertItem.Parameters.Add("@payload", SqliteType.Blob);
            _deleteItem = Command("""
                DELETE FROM PreSessionsGrainItems
                WHERE ServiceId = @service AND StateKey = @key AND List = @list AND ItemKey = @item;
                """);
            _deleteItem.Parameters.Add("@list", SqliteType.Text);
            _deleteItem.Parameters.Add("@item", SqliteType.Text);
        }

        /// <summary>Applies one write if its version is current: the new version, or null (and nothing applied).</summary>
        public int? Apply(StateWrite write)
        {
            var payload = write.Clear ? DBNull.Value : (object?)write.Head ?? DBNull.Value;
            object? version;
            if (write.ExpectedVersion is null)
            {
                Bind(_create, write.StateKey, ("@payload", payload));
                version = _create.ExecuteScalar();
            }
            else
            {
                Bind(_update, write.StateKey, ("@replace", write.Clear || write.Head is not null), ("@payload", payload), ("@expected", write.ExpectedVersion));
                version = _update.ExecuteScalar();
            }
            if (version is null or DBNull)
                return null;

            if (write.Clear)
            {
                Bind(_clearItems, write.StateKey);
                _clearItems.ExecuteNonQuery();
            }
            foreach (var item in write.Upserts)
            {
                Bind(_upsertItem, write.StateKey, ("@list", item.List), ("@item", item.Key), ("@order", item.Order), ("@payload", item.Payload));
                _upsertItem.ExecuteNonQuery();
            }
            foreach (var (list, key) in write.Deletes)
            {
                Bind(_deleteItem, write.StateKey, ("@list", list), ("@item", key));
                _deleteItem.ExecuteNonQuery();
            }
            return Convert.ToInt32(version, System.Globalization.CultureInfo.InvariantCulture);
        }

        private static void Bind(SqliteCommand command, string stateKey, params (string Name, object? Value)[] values)
        {
            command.Parameters["@key"].Value = stateKey;
            foreach (var (name, value) in values)
                command.Parameters[name].Value = value ?? DBNull.Value;
        }

        public void Dispose()
        {
            foreach (var command in new[] { _create, _update, _clearItems, _upsertItem, _deleteItem })
                command.Dispose();
        }
    }
}
