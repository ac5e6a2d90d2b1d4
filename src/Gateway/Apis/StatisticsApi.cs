using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PreSessions.Gateway.Apis;

/// <summary>
/// The figures UPR Info publishes after a week ("42 CSOs spoke, 70% represented by women, 31 national organisations incl.
/// 2 NHRIs, 71 missions attended"). Shares are fractions from 0 to 1, null while nobody answered the question they count.
/// </summary>
public sealed record StatisticsResponse(
    int PreSessionsHeld, int Presentations, int MissionsAttending, double AverageMissionsPerPreSession,
    double? WomenSpeakersShare, double? NationalOrganisationsShare, int NhriPresentations);

/// <summary>A pre-session that was held: the missions recorded at its door, and its panel.</summary>
public sealed record HeldPreSession(ImmutableArray<MissionAttendance> Attendance, ImmutableArray<ApplicationRecord> Panel);

/// <summary>The published figures of a WG session and of every WG session, from the attendance ledgers and the panels.</summary>
public static class StatisticsApi
{
    public const string Definitions =
        "A pre-session is held when at least one mission was recorded as attending it (PUT .../attendance). Only held " +
        "pre-sessions count. presentations: the speakers on their panels; nhriPresentations: those of NHRIs. " +
        "missionsAttending: distinct Permanent Missions recorded at any of them; averageMissionsPerPreSession: missions " +
        "recorded per held pre-session (0 when none was held). womenSpeakersShare: women among the presentations whose " +
        "speaker disclosed a gender (woman, man or other; undisclosed and unanswered are left out); nationalOrganisationsShare: " +
        "national organisations among the presentations that answered the scope. A share is null when no presentation " +
        "answered its question.";

    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Figures");
        api.MapGet("/wg-sessions/{wg}/statistics", ForWgSession).AllowAnonymous()
            .WithName("getWgSessionStatistics").WithSummary("The figures of a WG session's pre-sessions, as UPR Info publishes them")
            .WithDescription(Definitions);
        api.MapGet("/statistics", ForAll).AllowAnonymous()
            .WithName("getStatistics").WithSummary("The figures over every WG session")
            .WithDescription(Definitions + " Over every WG session: the sums, missions counted once however many they attended.");
        return app;
    }

    private static async Task<Results<Ok<StatisticsResponse>, ValidationProblem, ProblemHttpResult>> ForWgSession(string wg, IGrainFactory grains)
    {
        var check = new Validation();
        var number = check.Wg(wg);
        if (!check.IsValid)
            return check.Problem();
        return await grains.WgSessionFigures(number) is { } figures
            ? TypedResults.Ok(figures)
            : Problems.NotFound($"There is no WG session {number}.");
    }

    private static async Task<Ok<StatisticsResponse>> ForAll(IGrainFactory grains) => TypedResults.Ok(await grains.AllFigures());

    /// <summary>The WG session's figures; null: no such WG session. The API and the week's page.</summary>
    public static async Task<StatisticsResponse?> WgSessionFigures(this IGrainFactory grains, int wg) =>
        await grains.GetGrain<IWgSessionGrain>(wg).GetView() is { } week ? Figures([.. await grains.HeldIn(week)]) : null;

    /// <summary>The figures over every WG session the directory lists. The API and the home page.</summary>
    public static async Task<StatisticsResponse> AllFigures(this IGrainFactory grains)
    {
        var weeks = await Task.WhenAll((await grains.ListWgSessions()).Select(l => grains.GetGrain<IWgSessionGrain>(l.Wg).GetView()));
        var held = await Task.WhenAll(weeks.OfType<WgSessionView>().Select(grains.HeldIn));
        return Figures([.. held.SelectMany(h => h)]);
    }

    private static async Task<IEnumerable<HeldPreSession>> HeldIn(this IGrainFactory grains, WgSessionView week)
    {
        var preSessions = await Task.WhenAll(week.PreSessions.Select(async p =>
        {
            var attendance = await grains.GetGrain<IAttendanceGrain>(p.Key.GrainKey).GetLedger();
            if (attendance.IsEmpty)
                return null;
            var applications = await grains.GetGrain<IPreSessionGrain>(p.Key.GrainKey).GetApplications();
            return new HeldPreSession(attendance, [.. applications.Where(a => a.Status is ApplicationStatus.Panel)]);
        }));
        return preSessions.OfType<HeldPreSession>();
    }

    public static StatisticsResponse Figures(IReadOnlyCollection<HeldPreSession> held)
    {
        var speakers = held.SelectMany(h => h.Panel).ToList();
        var recorded = held.Sum(h => h.Attendance.Length);
        var genders = speakers.Select(s => s.Request.SpeakerGender).Where(g => g is SpeakerGender.Woman or SpeakerGender.Man or SpeakerGender.Other).ToList();
        var scopes = speakers.Select(s => s.Request.Scope).OfType<OrganisationScope>().ToList();
        return new StatisticsResponse(
            held.Count,
            speakers.Count,
            held.SelectMany(h => h.Attendance).Select(m => m.OrganisationId).Distinct(StringComparer.Ordinal).Count(),
            held.Count == 0 ? 0 : (double)recorded / held.Count,
            Share(genders.Count(g => g is SpeakerGender.Woman), genders.Count),
            Share(scopes.Count(s => s is OrganisationScope.National), scopes.Count),
            speakers.Count(s => s.Applicant.Kind is OrganisationKind.Nhri));
    }

    private static double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
