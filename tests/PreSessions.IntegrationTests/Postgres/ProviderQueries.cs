using System.Data;
using Npgsql;

namespace PreSessions.IntegrationTests.Postgres;

/// <summary>Runs the query texts the migrations installed in OrleansQuery the way Orleans' ADO.NET providers do.</summary>
internal static class ProviderQueries
{
    /// <summary>A command holding the installed text of <paramref name="queryKey"/>.</summary>
    public static async Task<NpgsqlCommand> CommandAsync(NpgsqlConnection connection, string queryKey)
    {
        await using var lookup = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @key", connection);
        lookup.Parameters.AddWithValue("key", queryKey);
        var text = await lookup.ExecuteScalarAsync() as string
            ?? throw new InvalidOperationException($"OrleansQuery has no '{queryKey}'.");
        return new NpgsqlCommand(text, connection);
    }

    /// <summary>Binds a parameter as the providers do: by name without '@', with an explicit DbType.</summary>
    public static NpgsqlCommand Bind(this NpgsqlCommand command, string name, DbType type, object? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return command;
    }
}
