using Microsoft.Extensions.Configuration;

namespace PreSessions;

/// <summary>
/// The "PreSessions" configuration section, read the same way by the gateway and by every silo. It lives with the
/// contracts because both sides read it and neither depends on the other (the gateway reaches the silo's project only
/// through its one seam, <c>src/Gateway/Hosting/SiloSeam.cs</c>).
/// </summary>
public sealed class PreSessionsOptions
{
    public const string Section = "PreSessions";

    /// <summary>Where the embedded store lives: a "data" folder in the working directory unless set.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Load the WG 29 week of the source document into an empty store.</summary>
    public bool SeedDemo { get; set; } = true;

    public static PreSessionsOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<PreSessionsOptions>() ?? new();

    /// <summary>
    /// The cluster's PostgreSQL database (<c>ConnectionStrings:PreSessions</c>), or null for the embedded default: the
    /// one setting that says whether this process is part of a cluster or hosts (or is) the single embedded silo.
    /// </summary>
    public static string? ClusterDatabase(IConfiguration configuration) =>
        configuration.GetConnectionString("PreSessions") is { Length: > 0 } connectionString ? connectionString : null;
}
