namespace PreSessions;

/// <summary>
/// The domain's meter: the grains record their outcomes on it, the gateway its open event streams, and every
/// process's telemetry exports it (src/Silo/Hosting/Telemetry.cs).
/// </summary>
public static class DomainMeter
{
    public const string Name = "PreSessions";
}
