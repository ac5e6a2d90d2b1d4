namespace PreSessions;

/// <summary>
/// The embedded default's data directory (<c>PreSessions:DataDirectory</c>): the silo keeps its SQLite store there and
/// the gateway its generated operator token. It and every file in it are its owner's (the service's user) only: they
/// hold registrants' emails and a secret.
/// </summary>
public static class DataDirectory
{
    /// <summary>The directory's mode: its owner only.</summary>
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The mode of every file in it.</summary>
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The configured directory's full path (not created).</summary>
    public static string Path(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        System.IO.Path.GetFullPath(PreSessionsOptions.From(configuration).DataDirectory);

    /// <summary>
    /// Creates <paramref name="dataDirectory"/> (and its parents) if missing and makes it its owner's only, whatever
    /// the umask and however an earlier start left it; returns its full path.
    /// </summary>
    public static string Private(string dataDirectory)
    {
        var directory = System.IO.Path.GetFullPath(dataDirectory);
        if (OperatingSystem.IsWindows())
            return Directory.CreateDirectory(directory).FullName;
        Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        File.SetUnixFileMode(directory, OwnerOnlyDirectory);
        return directory;
    }

    /// <summary>
    /// Opens <paramref name="path"/> for writing, created for its owner only (the mode is given to the system call
    /// that creates it, so no other user can open it in between) and, if it existed, made its owner's only.
    /// </summary>
    public static FileStream OpenPrivateFile(string path, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnlyFile;
        var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(stream.SafeFileHandle, OwnerOnlyFile);
        return stream;
    }
}
