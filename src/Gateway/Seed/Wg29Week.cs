namespace PreSessions.Gateway.Seed;

/// <summary>
/// The week of the source document: pre-sessions for the 29th UPR Working Group session, 12-15 December 2017,
/// Palais des Nations, dates and venue provisional. The concept note fixes the States, the days, the venue and the
/// one hour each; the order (the note's, alphabetical), the times, the room and the limits are this demo's own.
/// Loaded by the embedded default only, into an empty store (no WG session 29 yet), unless PreSessions:SeedDemo is false.
/// </summary>
public sealed class Wg29Week(IGrainFactory grains, IConfiguration configuration, ILogger<Wg29Week> log) : IHostedService
{
    public const int Wg = 29;

    private static readonly string[] States =
        ["BHS", "BRB", "BWA", "BDI", "FRA", "ISR", "LIE", "LUX", "MLI", "MNE", "ROU", "SRB", "TON", "ARE"];

    /// <summary>Four days, four one-hour meetings a day (three on the last two), back to back in one room.</summary>
    private static readonly (int Day, int Hour)[] Slots =
        [(12, 10), (12, 11), (12, 14), (12, 15), (13, 10), (13, 11), (13, 14), (13, 15), (14, 10), (14, 11), (14, 14), (15, 10), (15, 11), (15, 14)];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = PreSessionsOptions.From(configuration);
        var session = grains.GetGrain<IWgSessionGrain>(Wg);
        if (!options.SeedDemo || await session.GetView() is not null)
            return;

        await session.Define(new WgSessionDetails("Pre-sessions for the 29th UPR Working Group session", "Palais des Nations, Geneva",
            Provisional: true, ApplicationsClose: null));
        var geneva = TimeSpan.FromHours(1);
        foreach (var (sur, (day, hour)) in States.Zip(Slots))
        {
            var startsAt = new DateTimeOffset(2017, 12, day, hour, 0, 0, geneva);
            await session.SchedulePreSession(sur, new PreSessionPlan(startsAt, DurationMinutes: 60, Room: "XXIV", PanelSize: 6, Seats: 40));
        }
        log.LogInformation("Loaded the WG {Wg} week: {Count} pre-sessions", Wg, States.Length);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
