using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Apis;

/// <summary>
/// <c>status</c>: <c>provisional</c> or <c>confirmed</c>. <c>cancelled</c>: the SuR codes of the week's pre-sessions
/// this release drops; leave it out to keep those the previous release dropped, give <c>[]</c> to drop none.
/// </summary>
public sealed record ReleaseRequestBody(string? Status, string? Changelog, string?[]? Cancelled);

/// <param name="Cancelled">The pre-sessions this release drops (they will not be held).</param>
public sealed record ReleaseResponse(int Number, string Status, DateTime PublishedAt, string Changelog, string[] Cancelled);

/// <param name="Status"><c>tentative</c>, <c>confirmed</c> or <c>cancelled</c>, as in the calendar.</param>
/// <param name="Sequence">How many releases changed this pre-session's time, length, room, venue or status since it was first published.</param>
public sealed record ReleasedPreSessionResponse(
    string Sur, string StateName, DateTime StartsAt, DateTime EndsAt, string Room, string Status, int Sequence);

public sealed record ReleaseDetailsResponse(
    int Number, string Status, DateTime PublishedAt, string Changelog, string Title, string Venue,
    ReleasedPreSessionResponse[] PreSessions);

/// <summary>
/// Organisers publish the week's schedule as numbered releases with a changelog; anyone reads them, as anyone reads
/// the schedule (the changelog is written for the organisations and missions who follow the week).
/// </summary>
public static class ReleasesApi
{
    public const int MaxChangelog = 4000;

    public static IEndpointRouteBuilder MapReleasesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/wg-sessions/{wg}/releases").WithTags("Schedule releases");
        api.MapPost("/", Publish).RequireAuthorization(Roles.Operator)
            .WithName("publishRelease").WithSummary("The operator publishes the week's schedule as it stands, with a changelog")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/", List).AllowAnonymous()
            .WithName("listReleases").WithSummary("The releases of the week's schedule, the first first, with their changelogs");
        api.MapGet("/{number}", Get).AllowAnonymous()
            .WithName("getRelease").WithSummary("One release: the week's schedule exactly as it was published");
        return app;
    }

    private static async Task<Results<Created<ReleaseResponse>, ValidationProblem, ProblemHttpResult>> Publish(
        string wg, [FromBody] ReleaseRequestBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, IGrainFactory grains) =>
        (await Published(wg, body, idempotencyKey, grains))
            .Answer(release => TypedResults.Created($"/api/wg-sessions/{wg}/releases/{release.Number}", release));

    /// <summary>A release's rules and its grain call: the API and the operator's page.</summary>
    public static async Task<Decision<ReleaseResponse>> Published(string wg, ReleaseRequestBody body, string? idempotencyKey, IGrainFactory grains)
    {
        var check = new Validation();
        var number = check.Wg(wg);
        var status = ReleaseStatus.Provisional;
        if (body.Status is null || !ReleaseStatuses.TryGetValue(body.Status, out status))
            check.Add("status", "The status is provisional or confirmed.");
        var changelog = check.Paragraphs("changelog", body.Changelog, MaxChangelog);
        ImmutableArray<string>? cancelled = body.Cancelled is null ? null
            : [.. body.Cancelled.Distinct().Select((sur, i) => check.Sur(sur ?? "", $"cancelled[{i}]"))];
        var replayKey = check.IdempotencyKey(idempotencyKey);
        if (!check.IsValid)
            return Decision<ReleaseResponse>.Malformed(check);

        var outcome = await grains.GetGrain<IScheduleReleasesGrain>(number)
            .Publish(new ReleaseRequest(status, changelog, cancelled), replayKey);
        return Decision<ReleaseResponse>.From(outcome, Summary);
    }

    private static async Task<Results<Ok<ReleaseResponse[]>, ValidationProblem, ProblemHttpResult>> List(string wg, IGrainFactory grains)
    {
        var check = new Validation();
        var number = check.Wg(wg);
        if (!check.IsValid)
            return check.Problem();
        if (await grains.GetGrain<IWgSessionGrain>(number).GetView() is null)
            return Problems.NotFound($"There is no WG session {number}.");
        var releases = await grains.GetGrain<IScheduleReleasesGrain>(number).GetReleases();
        return TypedResults.Ok<ReleaseResponse[]>([.. releases.Select(Summary)]);
    }

    private static async Task<Results<Ok<ReleaseDetailsResponse>, ValidationProblem, ProblemHttpResult>> Get(
        string wg, string number, IGrainFactory grains)
    {
        var check = new Validation();
        var wgNumber = check.Wg(wg);
        var releaseNumber = check.Number("number", int.TryParse(number, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null, 1, int.MaxValue);
        if (!check.IsValid)
            return check.Problem();
        var releases = await grains.GetGrain<IScheduleReleasesGrain>(wgNumber).GetReleases();
        if (releases.FirstOrDefault(r => r.Number == releaseNumber) is not { } release)
            return Problems.NotFound($"WG session {wgNumber} has no release {releaseNumber}.");
        return TypedResults.Ok(new ReleaseDetailsResponse(
            release.Number, release.Status.Name(), release.PublishedAt.UtcDateTime, release.Changelog, release.Title, release.Venue,
            [.. release.PreSessions.Select(p => new ReleasedPreSessionResponse(
                p.Sur, p.StateName, p.StartsAt.UtcDateTime, p.EndsAt.UtcDateTime, p.Room, p.Status.Name(), p.Sequence))]));
    }

    public static ReleaseResponse Summary(ScheduleRelease release) => new(
        release.Number, release.Status.Name(), release.PublishedAt.UtcDateTime, release.Changelog,
        [.. release.PreSessions.Where(p => p.Status == ReleasedStatus.Cancelled).Select(p => p.Sur)]);

    public static readonly IReadOnlyDictionary<string, ReleaseStatus> ReleaseStatuses = new Dictionary<string, ReleaseStatus>
    {
        ["provisional"] = ReleaseStatus.Provisional,
        ["confirmed"] = ReleaseStatus.Confirmed,
    };
}
