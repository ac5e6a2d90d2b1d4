using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Auth;
using static PreSessions.Gateway.Apis.WgSessionReads;

namespace PreSessions.Gateway.Apis;

/// <summary>
/// The call for applications: open from <c>applicationsOpen</c> (none: at once) until <c>applicationsClose</c> (none:
/// each pre-session's start); statements due at <c>statementsDue</c> (none: two weeks before each pre-session).
/// </summary>
public sealed record WgSessionRequest(
    string? Title, string? Venue, bool? Provisional, string? ApplicationsClose, string? ApplicationsOpen = null, string? StatementsDue = null);

public sealed record WgSessionResponse(
    int Wg, string Title, string Venue, bool Provisional, DateTime? ApplicationsClose, PreSessionSummary[] PreSessions,
    DateTime? ApplicationsOpen, DateTime? StatementsDue);

public sealed record PreSessionSummary(
    string Sur, string StateName, DateTime StartsAt, DateTime EndsAt, string Room,
    int PanelSize, int PanelCount, int WaitlistCount, int Seats, int SeatsTaken);

/// <summary>
/// <c>applicationsClose</c>: this pre-session's own closing time, in place of the WG session's (an extension for one
/// State). <c>selection</c>: firstComeFirstServed (default) or review; <c>minimumApplications</c> (default 3): fewer
/// and the balance warns; <c>reserveNhriPlace</c> (default false): one panel place is kept for the State's own NHRI.
/// </summary>
public sealed record PreSessionRequest(
    string? StartsAt, int? DurationMinutes, string? Room, int? PanelSize, int? Seats, string? ApplicationsClose = null,
    string? Selection = null, int? MinimumApplications = null, bool? ReserveNhriPlace = null);

/// <summary>
/// <c>applicationsOpen</c>, <c>applicationsClose</c> and <c>statementsDue</c> are this pre-session's call as it holds:
/// the WG session's, this pre-session's extension, or the defaults (close at the start, statements two weeks before).
/// </summary>
public sealed record PreSessionResponse(
    int Wg, string Sur, string StateName, DateTime StartsAt, DateTime EndsAt, string Room,
    int PanelSize, int Seats, PanelSpeaker[] Panel, int WaitlistCount, int SeatsTaken,
    DateTime? ApplicationsOpen, DateTime ApplicationsClose, DateTime StatementsDue,
    string Selection, int MinimumApplications, bool ReserveNhriPlace, int PendingCount)
{
    /// <summary>The previous cycle's recommendations that the panel's applications address (README "Previous-cycle recommendations").</summary>
    public RecommendationResponseBody[] AddressedRecommendations { get; init; } = [];
}

/// <summary><c>speakerName</c> is null unless the organisation consented to publish it, or the caller is the operator or that organisation.</summary>
public sealed record PanelSpeaker(string OrganisationId, string OrganisationName, string? SpeakerName, int Position);

/// <summary>One entry of the list of WG sessions; the days are Geneva dates, null while no pre-session is scheduled.</summary>
public sealed record WgSessionListItem(int Wg, string Title, string Venue, bool Provisional, DateOnly? FirstDay, DateOnly? LastDay);

/// <summary>Organisers set up a WG session's week of pre-sessions; anyone reads the schedule.</summary>
public static class WgSessionsApi
{
    public const int MaxPanelSize = 30;
    public const int MaxSeats = 1000;

    public static IEndpointRouteBuilder MapWgSessionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/wg-sessions", List).AllowAnonymous().WithTags("WG sessions and pre-sessions")
            .WithName("listWgSessions").WithSummary("The WG sessions, by first day; those with no pre-session yet last");
        var api = app.MapGroup("/api/wg-sessions/{wg}").WithTags("WG sessions and pre-sessions");
        api.MapPut("/", Define).RequireAuthorization(Roles.Operator)
            .WithName("defineWgSession").WithSummary("The operator sets up or changes a WG session's details and its call for applications")
            .WithDescription("Applications are taken from applicationsOpen (none: at once) until applicationsClose (none: when each " +
                "pre-session starts); outside that window an application is 409 with the dates in its detail. statementsDue defaults " +
                "to two weeks before each pre-session.");
        api.MapGet("/", Get).AllowAnonymous()
            .WithName("getWgSession").WithSummary("A WG session's week: its details and pre-sessions, ordered by start");
        api.MapGet("/schedule.ics", ScheduleCalendar.Get).AllowAnonymous().Produces<string>(contentType: "text/calendar")
            .WithName("getScheduleCalendar").WithSummary("The week as iCalendar, one event per pre-session, to subscribe to");
        api.MapPut("/pre-sessions/{sur}", Schedule).RequireAuthorization(Roles.Operator)
            .WithName("schedulePreSession").WithSummary("The operator schedules or changes a pre-session of the week")
            .WithDescription("applicationsClose, when given, replaces the WG session's closing time for this pre-session only. " +
                "selection: firstComeFirstServed (default) or review, where applications are pending until the operator's selection. " +
                "reserveNhriPlace keeps one panel place for the NHRI of the State under Review, in either mode.");
        api.MapGet("/pre-sessions/{sur}", GetPreSession).AllowAnonymous()
            .WithName("getPreSession").WithSummary("A pre-session: its plan, panel (names with consent), waitlist count and seats");
        return app;
    }

    private static async Task<Ok<WgSessionListItem[]>> List(IGrainFactory grains) =>
        TypedResults.Ok<WgSessionListItem[]>([.. (await grains.ListWgSessions()).Select(l =>
            new WgSessionListItem(l.Wg, l.Title, l.Venue, l.Provisional, l.FirstDay, l.LastDay))]);

    private static async Task<Results<Created<WgSessionResponse>, Ok<WgSessionResponse>, ValidationProblem>> Define(
        string wg, [FromBody] WgSessionRequest body, IGrainFactory grains)
    {
        var defined = await Defined(wg, body, grains);
        if (defined.Invalid is { } check)
            return check.Problem();
        var (created, view) = defined.Value;
        var response = Response(view);
        return created ? TypedResults.Created($"/api/wg-sessions/{view.Wg}", response) : TypedResults.Ok(response);
    }

    /// <summary>A WG session's details: their rules and the grain call, for the API and the operator's week page.</summary>
    public static async Task<Decision<(bool Created, WgSessionView View)>> Defined(string wg, WgSessionRequest body, IGrainFactory grains)
    {
        var check = new Validation();
        var number = check.Wg(wg);
        var details = new WgSessionDetails(
            check.Text("title", body.Title, 200),
            check.Text("venue", body.Venue, 200),
            check.Flag("provisional", body.Provisional),
            check.Instant("applicationsClose", body.ApplicationsClose, required: false),
            check.Instant("applicationsOpen", body.ApplicationsOpen, required: false),
            check.Instant("statementsDue", body.StatementsDue, required: false));
        if (details is { ApplicationsOpen: { } opens, ApplicationsClose: { } closes } && opens >= closes)
            check.Add("applicationsOpen", "Applications open before they close.");
        if (!check.IsValid)
            return Decision<(bool, WgSessionView)>.Malformed(check);

        var session = grains.GetGrain<IWgSessionGrain>(number);
        var created = await session.Define(details);
        return Decision<(bool, WgSessionView)>.Decided((created, (await session.GetView())!));
    }

    private static async Task<Results<Ok<WgSessionResponse>, ValidationProblem, ProblemHttpResult>> Get(string wg, IGrainFactory grains)
    {
        var check = new Validation();
        var number = check.Wg(wg);
        if (!check.IsValid)
            return check.Problem();
        return await grains.ReadWeek(number) is { } week
            ? TypedResults.Ok(week)
            : Problems.NotFound($"There is no WG session {number}.");
    }

    private static async Task<Results<Created<PreSessionResponse>, Ok<PreSessionResponse>, ValidationProblem, ProblemHttpResult>> Schedule(
        string wg, string sur, [FromBody] PreSessionRequest body, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var scheduled = await Scheduled(wg, sur, body, grains);
        if (scheduled.Invalid is { } check)
            return check.Problem();
        if (scheduled.Refusal is { } refusal)
            return Problems.Refused(refusal);
        var key = scheduled.Value.Key;
        var response = (await grains.ReadPreSession(key, caller))!;
        return scheduled.Value.Created
            ? TypedResults.Created($"/api/wg-sessions/{key.Wg}/pre-sessions/{key.Sur}", response)
            : TypedResults.Ok(response);
    }

    /// <summary>A pre-session's plan: its rules and the grain call, for the API and the operator's week page.</summary>
    public static async Task<Decision<(bool Created, PreSessionKey Key)>> Scheduled(string wg, string sur, PreSessionRequest body, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        var startsAt = check.Instant("startsAt", body.StartsAt, required: true);
        var plan = new PreSessionPlan(
            startsAt ?? default,
            check.Number("durationMinutes", body.DurationMinutes, PreSessionPlan.MinDurationMinutes, PreSessionPlan.MaxDurationMinutes),
            check.RoomName("room", body.Room),
            check.Number("panelSize", body.PanelSize, 0, MaxPanelSize),
            check.Number("seats", body.Seats, 0, MaxSeats))
        {
            ApplicationsClose = check.Instant("applicationsClose", body.ApplicationsClose, required: false),
            Selection = check.OptionalChoice("selection", body.Selection, Names.SelectionModes) ?? SelectionMode.FirstComeFirstServed,
            MinimumApplications = body.MinimumApplications is null ? null : check.Number("minimumApplications", body.MinimumApplications, 0, MaxPanelSize * 10),
            ReserveNhriPlace = body.ReserveNhriPlace ?? false,
        };
        // Each part may be within its bounds and the sum not: the end is checked before anything is stored.
        if (check.IsValid && plan.Refusal is { } invalid)
            check.Add("startsAt", invalid);
        if (!check.IsValid)
            return Decision<(bool, PreSessionKey)>.Malformed(check);

        var outcome = await grains.GetGrain<IWgSessionGrain>(key.Wg).SchedulePreSession(key.Sur, plan);
        return Decision<(bool, PreSessionKey)>.From(outcome, created => (created, key));
    }

    private static async Task<Results<Ok<PreSessionResponse>, ValidationProblem, ProblemHttpResult>> GetPreSession(
        string wg, string sur, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return check.Problem();
        return await grains.ReadPreSession(key, caller) is { } preSession
            ? TypedResults.Ok(preSession)
            : Problems.NotFound($"There is no pre-session {key}.");
    }
}
