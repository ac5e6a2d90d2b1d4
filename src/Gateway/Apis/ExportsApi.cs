using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Apis;

/// <summary>
/// The organisers' CSV exports of a WG session: one row per item over every pre-session of the week, pre-sessions in
/// the week's order (by start). The columns of each kind are fixed (<see cref="Kinds"/>), so a spreadsheet or script
/// built on one export keeps working on the next.
/// </summary>
public static class ExportsApi
{
    /// <summary>One kind of export: its columns, and its rows for one pre-session of the week.</summary>
    private sealed record Export(string[] Header, Func<IGrainFactory, PreSessionView, Task<IEnumerable<object?[]>>> Rows);

    private static readonly string[] PreSessionColumns = ["wg", "sur", "stateName", "startsAt"];

    private static readonly string[] SpeakerColumns = ["speakerName", "speakerGender", "scope", "ecosocStatus", "themes"];

    private static readonly IReadOnlyDictionary<string, Export> Kinds = new Dictionary<string, Export>
    {
        ["applications"] = new(
            [.. PreSessionColumns, "organisationId", "organisationName", "organisationKind", "status", "position", "appliedAt",
             .. SpeakerColumns, "submissionUrl", "recommendationIds", "publishSpeakerName", "publishStatement"],
            async (grains, p) => (await Applications(grains, p)).Select(a => (object?[])
            [
                .. PreSession(p), .. Organisation(a.Applicant), a.Status.Name(), a.Position, CsvExport.Instant(a.AppliedAt),
                .. Speaker(a.Request), a.Request.SubmissionUrl, List(a.Request.RecommendationIds),
                a.Request.PublishSpeakerName, a.Request.PublishStatement,
            ])),
        ["panels"] = new(
            [.. PreSessionColumns, "position", "organisationId", "organisationName", "organisationKind", .. SpeakerColumns],
            async (grains, p) => (await Applications(grains, p)).Where(a => a.Status is ApplicationStatus.Panel).Select(a => (object?[])
            [
                .. PreSession(p), a.Position, .. Organisation(a.Applicant), .. Speaker(a.Request),
            ])),
        ["waitlists"] = new(
            [.. PreSessionColumns, "position", "organisationId", "organisationName", "organisationKind", "appliedAt", .. SpeakerColumns],
            async (grains, p) => (await Applications(grains, p)).Where(a => a.Status is ApplicationStatus.Waitlist).Select(a => (object?[])
            [
                .. PreSession(p), a.Position, .. Organisation(a.Applicant), CsvExport.Instant(a.AppliedAt), .. Speaker(a.Request),
            ])),
        ["rsvps"] = new(
            [.. PreSessionColumns, "organisationId", "organisationName", "status", "delegates", "respondedAt"],
            async (grains, p) => (await grains.GetGrain<IPreSessionGrain>(p.Key.GrainKey).GetRsvps()).Select(r => (object?[])
            [
                .. PreSession(p), r.OrganisationId, r.OrganisationName, r.Status.Name(), r.Delegates,
                r.RespondedAt is { } at ? CsvExport.Instant(at) : null,
            ])),
        ["attendance"] = new(
            [.. PreSessionColumns, "organisationId", "organisationName", "delegates", "recordedAt"],
            async (grains, p) => (await grains.GetGrain<IAttendanceGrain>(p.Key.GrainKey).GetLedger()).Select(m => (object?[])
            [
                .. PreSession(p), m.OrganisationId, m.OrganisationName, m.Delegates, CsvExport.Instant(m.RecordedAt),
            ])),
    };

    private static Task<ImmutableArray<ApplicationRecord>> Applications(IGrainFactory grains, PreSessionView p) =>
        grains.GetGrain<IPreSessionGrain>(p.Key.GrainKey).GetApplications();

    private static object?[] PreSession(PreSessionView p) => [p.Key.Wg, p.Key.Sur, p.StateName, CsvExport.Instant(p.Plan.StartsAt)];

    private static object?[] Organisation(Applicant a) => [a.OrganisationId, a.OrganisationName, a.Kind?.Name()];

    /// <summary>The operator's export holds the speaker's name whatever the consent: it is the organisers' own record.</summary>
    private static object?[] Speaker(SpeakerApplication r) =>
        [r.SpeakerName, r.SpeakerGender?.Name(), r.Scope?.Name(), r.EcosocStatus, List(r.Themes)];

    /// <summary>A list in one cell, "; " between items (themes are free text and may hold commas).</summary>
    private static string List(IEnumerable<string> items) => string.Join("; ", items);

    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/wg-sessions/{wg}/exports/{kind}.csv", Get).RequireAuthorization(Roles.Operator).WithTags("Exports")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithName("exportWgSession").WithSummary("A CSV export of the WG session, one row per item over all its pre-sessions")
            .WithDescription("kind: " + string.Join(", ", Kinds.Select(k => $"{k.Key} ({string.Join(",", k.Value.Header)})")) +
                ". RFC 4180 with a header row, UTF-8, instants in UTC. A text cell starting with =, +, -, @, a tab or a carriage " +
                "return is written with a single quote in front, so that no spreadsheet runs it as a formula. An unknown kind is 404.");
        return app;
    }

    /// <summary>The kinds of export, in the order the organisers' page lists them.</summary>
    public static IEnumerable<string> KindNames => Kinds.Keys;

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Get(string wg, string kind, IGrainFactory grains) =>
        (await Exported(wg, kind, grains)).Answer(CsvExport.File);

    /// <summary>An export's rules and its grain calls: the API and the organisers' exports page.</summary>
    public static async Task<Decision<(string FileName, string Csv)>> Exported(string wg, string kind, IGrainFactory grains)
    {
        var check = new Validation();
        var number = check.Wg(wg);
        if (!check.IsValid)
            return Decision<(string, string)>.Malformed(check);
        if (!Kinds.TryGetValue(kind, out var export))
            return Decision<(string, string)>.Refused(new Refusal(RefusalKind.NotFound,
                $"There is no export \"{kind}\"; the exports are {string.Join(", ", Kinds.Keys.Select(k => k + ".csv"))}."));
        if (await grains.GetGrain<IWgSessionGrain>(number).GetView() is not { } week)
            return Decision<(string, string)>.Refused(new Refusal(RefusalKind.NotFound, $"There is no WG session {number}."));

        var rows = await Task.WhenAll(week.PreSessions.Select(p => export.Rows(grains, p)));
        return Decision<(string, string)>.Decided(($"wg{number}-{kind}.csv", CsvExport.Write(export.Header, rows.SelectMany(r => r))));
    }
}
