namespace PreSessions.TestSupport;

/// <summary>A fresh data directory under the temp folder, deleted (with the store's files) when disposed.</summary>
public sealed class TempDataDirectory : IDisposable
{
    public string Path { get; } =
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "presessions-process-tests", Guid.NewGuid().ToString("N"));

    public TempDataDirectory() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a file still held by a dying process; the OS cleans its temp folder */ }
        catch (UnauthorizedAccessException) { }
    }
}
