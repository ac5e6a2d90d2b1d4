namespace PreSessions.TestSupport;

/// <summary>
/// Orleans TestingHost clusters that a test starts and stops itself (a store read by a second cluster after the first
/// is gone, say), whichever kind of TestingHost cluster it is: no silo of a failed start or of a finished test
/// outlives it.
/// </summary>
public static class TestClusters
{
    /// <summary>Deploys <paramref name="cluster"/>; one that fails to deploy is disposed before the failure goes on.</summary>
    public static async Task<T> DeployedAsync<T>(T cluster, Func<T, Task> deploy) where T : IAsyncDisposable
    {
        try
        {
            await deploy(cluster);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>Stops every silo gracefully, then disposes the cluster, even when a stop fails.</summary>
    public static async Task StoppedAsync<T>(T cluster, Func<T, Task> stopAllSilos) where T : IAsyncDisposable
    {
        try
        {
            await stopAllSilos(cluster);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
