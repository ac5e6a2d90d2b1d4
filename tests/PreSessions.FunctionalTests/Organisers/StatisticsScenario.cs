using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.FunctionalTests.Organisers;

/// <summary>An applicant as seeded: its kind and what it answered (null: the question left unanswered).</summary>
public sealed record SeededSpeaker(string Kind, string? Gender, string? Scope);

/// <summary>
/// A pre-session as seeded: its panel size, its applicants in arrival order (the first <see cref="PanelSize"/> are its
/// panel), and the missions (indexes into the week's missions) recorded at its door.
/// </summary>
public sealed record SeededPreSession(string Sur, int PanelSize, SeededSpeaker[] Applicants, int[] Missions);

/// <summary>
/// Seeds weeks through the API and computes the figures they must give straight from the seed, with none of the
/// gateway's code: what a person counting the week on paper would find.
/// </summary>
public static class StatisticsScenario
{
    public static async Task SeedAsync(this GatewayFactory gateway, int wg, SeededPreSession[] week, Registered[] missions)
    {
        var op = gateway.Operator();
        for (var i = 0; i < week.Length; i++)
        {
            var seeded = week[i];
            await gateway.SchedulePreSessionAsync(wg, seeded.Sur, seeded.PanelSize, startsAt: $"2017-12-{12 + i / 4}T{9 + i % 4 * 2:00}:00:00+01:00");
            foreach (var (speaker, n) in seeded.Applicants.Select((s, n) => (s, n)))
            {
                var organisation = await gateway.RegisterAsync(speaker.Kind);
                var application = new Dictionary<string, object> { ["speakerName"] = $"Speaker {n + 1}", ["themes"] = new[] { "Civic space" } };
                if (speaker.Gender is not null)
                    application["speakerGender"] = speaker.Gender;
                if (speaker.Scope is not null)
                    application["scope"] = speaker.Scope;
                await gateway.Client(organisation.Token).ApplyAsync(wg, seeded.Sur, application).ExpectAsync(HttpStatusCode.Created);
            }
            foreach (var m in seeded.Missions)
                await op.PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/{seeded.Sur}/attendance/{missions[m].Id}", new { delegates = 1 + m % 3 })
                    .ExpectAsync(HttpStatusCode.OK);
        }
    }

    /// <summary>The figures of these weeks (missions told apart by week and index), counted from the seed alone.</summary>
    public static Expected Expect(params (int Wg, SeededPreSession[] Week, Registered[] Missions)[] weeks)
    {
        var held = weeks.SelectMany(w => w.Week.Where(p => p.Missions.Length > 0).Select(p => (w.Missions, PreSession: p))).ToList();
        var panel = held.SelectMany(h => h.PreSession.Applicants.Take(h.PreSession.PanelSize)).ToList();
        var disclosed = panel.Where(s => s.Gender is "woman" or "man" or "other").ToList();
        var scoped = panel.Where(s => s.Scope is not null).ToList();
        return new Expected(
            held.Count,
            panel.Count,
            held.SelectMany(h => h.PreSession.Missions.Select(m => h.Missions[m].Id)).Distinct().Count(),
            held.Count == 0 ? 0 : held.Sum(h => h.PreSession.Missions.Length) / (double)held.Count,
            disclosed.Count == 0 ? null : disclosed.Count(s => s.Gender == "woman") / (double)disclosed.Count,
            scoped.Count == 0 ? null : scoped.Count(s => s.Scope == "national") / (double)scoped.Count,
            panel.Count(s => s.Kind == "nhri"));
    }

    public sealed record Expected(
        int PreSessionsHeld, int Presentations, int MissionsAttending, double AverageMissionsPerPreSession,
        double? WomenSpeakersShare, double? NationalOrganisationsShare, int NhriPresentations);

    /// <summary>The figures as the API answers them, in the contract's shape.</summary>
    public static Expected Read(JsonElement figures)
    {
        Assert.Equal(
            ["preSessionsHeld", "presentations", "missionsAttending", "averageMissionsPerPreSession", "womenSpeakersShare",
             "nationalOrganisationsShare", "nhriPresentations"],
            figures.Names());
        double? Share(string name) => figures.GetProperty(name).ValueKind is JsonValueKind.Null ? null : figures.GetProperty(name).GetDouble();
        return new Expected(
            figures.Int("preSessionsHeld"), figures.Int("presentations"), figures.Int("missionsAttending"),
            figures.GetProperty("averageMissionsPerPreSession").GetDouble(), Share("womenSpeakersShare"),
            Share("nationalOrganisationsShare"), figures.Int("nhriPresentations"));
    }
}
