namespace PreSessions.Silo.Hosting;

/// <summary>The "PreSessions" configuration section.</summary>
public sealed class PreSessionsOptions
{
    public const string Section = "PreSessions";

    /// <summary>Where the embedded store lives: a "data" folder in the working directory unless set.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Load the WG 29 week of the source document into an empty store.</summary>
    public bool SeedDemo { get; set; } = true;
}
