using PreSessions.Silo.Storage;

namespace PreSessions.IntegrationTests.Postgres;

/// <summary>A fresh database already at the current schema, as after <c>dotnet run --project src/Silo -- migrate</c>.</summary>
public sealed class MigratedPostgresDatabase() : PostgresDatabase(connectionString => PostgresStore.MigrateAsync(connectionString));
