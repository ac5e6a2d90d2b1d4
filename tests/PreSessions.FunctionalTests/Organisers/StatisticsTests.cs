using System.Net;
using System.Net.Http.Json;
using static PreSessions.FunctionalTests.Organisers.StatisticsScenario;

namespace PreSessions.FunctionalTests.Organisers;

/// <summary>GET /api/wg-sessions/{wg}/statistics: a seeded week's figures, against what the seed itself says.</summary>
public sealed class StatisticsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static SeededSpeaker S(string kind, string? gender, string? scope) => new(kind, gender, scope);

    /// <summary>
    /// Five pre-sessions: two full ones, one with a waitlist, one held with no panel at all, and one (MLI) with a panel
    /// but nobody recorded at its door, so not held.
    /// </summary>
    public static readonly SeededPreSession[] Week =
    [
        new("FRA", 3, [S("nhri", "woman", "national"), S("cso", "man", "international"), S("cso", "undisclosed", null), S("cso", "woman", "national")], [0, 1, 2]),
        new("LUX", 2, [S("cso", "woman", "national"), S("nhri", "other", "international")], [0, 3]),
        new("MLI", 2, [S("cso", "woman", "national")], []),
        new("DEU", 2, [], [1, 2]),
        new("BHS", 3, [S("cso", null, null), S("nhri", "man", null)], [4]),
    ];

    [Fact]
    public async Task A_seeded_week_gives_the_figures_its_seed_says()
    {
        var wg = await gateway.CreateWgSessionAsync();
        var missions = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => gateway.RegisterAsync("mission")));
        await gateway.SeedAsync(wg, Week, missions);
        // A mission recorded by mistake and then recorded absent does not count.
        var op = gateway.Operator();
        await op.PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/MLI/attendance/{missions[5].Id}", new { delegates = 2 }).ExpectAsync(HttpStatusCode.OK);
        await op.PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/MLI/attendance/{missions[5].Id}", new { delegates = 0 }).ExpectAsync(HttpStatusCode.OK);

        var figures = Read(await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/statistics"));

        var expected = Expect((wg, Week, missions));
        Assert.Equal(expected with { AverageMissionsPerPreSession = 0, WomenSpeakersShare = null, NationalOrganisationsShare = null },
            figures with { AverageMissionsPerPreSession = 0, WomenSpeakersShare = null, NationalOrganisationsShare = null });
        Assert.Equal(expected.AverageMissionsPerPreSession, figures.AverageMissionsPerPreSession, 9);
        Assert.Equal(expected.WomenSpeakersShare!.Value, figures.WomenSpeakersShare!.Value, 9);
        Assert.Equal(expected.NationalOrganisationsShare!.Value, figures.NationalOrganisationsShare!.Value, 9);
        // The same by hand, so the counting above cannot be wrong the same way as the gateway: 4 held (not MLI); panels
        // 3 + 2 + 0 + 2; missions 0-4; 8 recordings over 4; women 2 of 5 disclosed; national 2 of 4 answered; 3 NHRIs.
        Assert.Equal(new Expected(4, 7, 5, 2.0, 0.4, 0.5, 3), figures);
    }

    [Fact]
    public async Task A_week_not_yet_held_has_zeros_and_no_shares()
    {
        var wg = await gateway.NewPreSessionAsync();
        var cso = await gateway.RegisterAsync("cso");
        await gateway.Client(cso.Token).ApplyAsync(wg, "FRA", "Speaker").ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(new Expected(0, 0, 0, 0, null, null, 0), Read(await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/statistics")));
    }

    [Fact]
    public async Task An_unknown_wg_session_is_404_and_a_malformed_number_400()
    {
        using (var response = await gateway.Client().GetAsync($"/api/wg-sessions/{gateway.NextWg()}/statistics"))
            await response.ProblemAsync(HttpStatusCode.NotFound);
        using (var response = await gateway.Client().GetAsync("/api/wg-sessions/1000/statistics"))
            await response.ValidationProblemAsync("wg");
    }
}

/// <summary>GET /api/statistics: every WG session the directory lists, on a store of its own.</summary>
public sealed class GlobalStatisticsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task The_global_figures_sum_every_wg_session_and_count_each_mission_once()
    {
        Assert.Equal(new Expected(0, 0, 0, 0, null, null, 0), Read(await gateway.Client().GetJsonAsync("/api/statistics")));

        var missions = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => gateway.RegisterAsync("mission")));
        SeededPreSession[] later =
        [
            new("ROU", 2, [new("cso", "woman", "international"), new("cso", "woman", null), new("nhri", "man", "national")], [0, 4]),
            new("SRB", 1, [new("nhri", "undisclosed", "national")], [2]),
            new("TON", 1, [new("cso", "woman", "national")], []),
        ];
        var first = await gateway.CreateWgSessionAsync();
        await gateway.SeedAsync(first, StatisticsTests.Week, missions);
        var second = await gateway.CreateWgSessionAsync();
        await gateway.SeedAsync(second, later, missions);
        await gateway.CreateWgSessionAsync(); // a WG session with no pre-session yet adds nothing

        var figures = Read(await gateway.Client().GetJsonAsync("/api/statistics"));

        var expected = Expect((first, StatisticsTests.Week, missions), (second, later, missions));
        Assert.Equal((expected.PreSessionsHeld, expected.Presentations, expected.MissionsAttending, expected.NhriPresentations),
            (figures.PreSessionsHeld, figures.Presentations, figures.MissionsAttending, figures.NhriPresentations));
        Assert.Equal(expected.AverageMissionsPerPreSession, figures.AverageMissionsPerPreSession, 9);
        Assert.Equal(expected.WomenSpeakersShare!.Value, figures.WomenSpeakersShare!.Value, 9);
        Assert.Equal(expected.NationalOrganisationsShare!.Value, figures.NationalOrganisationsShare!.Value, 9);
        // By hand: 4 + 2 held (not TON); 7 + 3 speakers (ROU's NHRI waits); missions 0-4 once each; 11 recordings over 6;
        // women 2 + 2 of 5 + 2 disclosed; national 2 + 1 of 4 + 2 answered; NHRIs 3 + 1.
        Assert.Equal((6, 10, 5, 4), (figures.PreSessionsHeld, figures.Presentations, figures.MissionsAttending, figures.NhriPresentations));
        Assert.Equal((11 / 6.0, 4 / 7.0, 0.5), (figures.AverageMissionsPerPreSession, figures.WomenSpeakersShare, figures.NationalOrganisationsShare));
    }
}
