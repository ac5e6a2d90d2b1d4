namespace PreSessions;

public static class StorageNames
{
    /// <summary>The one grain storage every PreSessions grain writes to (SQLite embedded, PostgreSQL in a cluster).</summary>
    public const string Grains = "presessions";
}
