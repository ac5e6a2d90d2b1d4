using System.Net;
using System.Net.Http.Json;

namespace PreSessions.IntegrationTests.Security;

/// <summary>
/// The embedded data directory holds registrants' emails and the operator token: after a real gateway process has
/// created it, written to it (the database, its -wal and -shm) and generated its operator token, the directory is
/// its owner's only (0700) and so is every file in it (0600), while the process runs and after it stops.
/// </summary>
public sealed class DataDirectoryModeTests
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task The_data_directory_and_its_files_are_for_the_services_user_only()
    {
        using var parent = new TempDataDirectory();
        // A directory the gateway creates itself, as on a first start.
        var data = Path.Combine(parent.Path, "data");
        string[] files;
        await using (var gateway = ServiceProcess.Start(data, seedDemo: false, operatorToken: null))
        {
            await gateway.WaitUntilReadyAsync();
            using var registered = await gateway.Http.PostAsJsonAsync("/api/organisations",
                new { name = "Private CSO", kind = "cso", email = "upr@example.org" });
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

            files = Directory.GetFiles(data);
            Assert.Contains(Path.Combine(data, "operator-token"), files);
            Assert.Contains(files, f => f.EndsWith("presessions.db-wal", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("presessions.db-shm", StringComparison.Ordinal));
            AssertOwnerOnly(data);
            Assert.Equal(0, await gateway.StopAsync());
        }
        AssertOwnerOnly(data);
    }

    private static void AssertOwnerOnly(string data)
    {
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(data));
        var files = Directory.GetFiles(data, "*", SearchOption.AllDirectories);
        Assert.Contains(Path.Combine(data, "presessions.db"), files);
        foreach (var file in files)
            Assert.True(File.GetUnixFileMode(file) == OwnerOnlyFile, $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}.");
    }
}
