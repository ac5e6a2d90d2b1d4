using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Apis;

public sealed record RundownItemRequest(string? Kind, string? Title, string? OrganisationId, int? AllottedSeconds);

public sealed record RundownRequest(RundownItemRequest?[]? Items);

public sealed record RundownEntry(string Kind, string Title, string? OrganisationId, int AllottedSeconds);

public sealed record RundownResponse(int Wg, string Sur, bool Derived, RundownEntry[] Items, int TotalSeconds);

public sealed record ItemTimeResponse(int Index, string Kind, string Title, string? OrganisationId, long AllottedMs, long UsedMs, long OverrunMs);

public sealed record TimeReportResponse(int Wg, string Sur, string State, ItemTimeResponse[] Items, long AllottedMs, long UsedMs, long OverrunMs);

public sealed record PreSessionTimeTotals(string Sur, string StateName, string State, int Speakers, int ItemsOverrun, long AllottedMs, long UsedMs, long OverrunMs);

public sealed record WgTimeReportResponse(int Wg, PreSessionTimeTotals[] PreSessions, long AllottedMs, long UsedMs, long OverrunMs);

/// <summary>
/// The running order of a pre-session's hour, which the operator may set, and the fair accounting of its time: for every
/// item the time allotted, used and overrun, kept after the session, per pre-session (JSON, CSV) and per WG session.
/// </summary>
public static class RundownApi
{
    public const int MaxItems = 40;
    public const int MaxItemSeconds = 4 * 3600;

    private static readonly IReadOnlyDictionary<string, RundownItemKind> Kinds =
        Enum.GetValues<RundownItemKind>().ToDictionary(k => k.Name());

    public static IEndpointRouteBuilder MapRundownApi(this IEndpointRouteBuilder app)
    {
        var preSession = app.MapGroup("/api/wg-sessions/{wg}/pre-sessions/{sur}").WithTags("Live timer");
        preSession.MapGet("/rundown", Get).AllowAnonymous()
            .WithName("getRundown").WithSummary("The running order: the operator's, or derived from the panel and the hour");
        preSession.MapPut("/rundown", Set).RequireAuthorization(Roles.Operator)
            .WithName("setRundown").WithSummary("The operator sets the running order (not once the timer started)").ProducesProblem(StatusCodes.Status409Conflict);
        preSession.MapDelete("/rundown", Derive).RequireAuthorization(Roles.Operator)
            .WithName("deriveRundown").WithSummary("The operator drops the set running order: derived again").ProducesProblem(StatusCodes.Status409Conflict);
        // The room's timekeeper sees the time used per speaker too; the CSV and the week's totals are the organisers'.
        preSession.MapGet("/time-report", Report).RequireAuthorization(Roles.Timekeeper)
            .WithName("getTimeReport").WithSummary("Time allotted and used per item of the pre-session");
        preSession.MapGet("/time-report.csv", ReportCsv).RequireAuthorization(Roles.Operator).Produces<string>(contentType: "text/csv")
            .WithName("getTimeReportCsv").WithSummary("The time report as CSV");
        app.MapGet("/api/wg-sessions/{wg}/time-report", WgReport).RequireAuthorization(Roles.Operator).WithTags("Live timer")
            .WithName("getWgTimeReport").WithSummary("Time allotted and used, per pre-session of the WG session");
        return app;
    }

    private static async Task<Results<Ok<RundownResponse>, ValidationProblem, ProblemHttpResult>> Get(
        string wg, string sur, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return check.Problem();
        return await grains.GetGrain<ILiveTimerGrain>(key.GrainKey).GetRundown() is { } rundown
            ? TypedResults.Ok(Response(key, rundown))
            : Problems.NotFound($"There is no pre-session {key}.");
    }

    private static async Task<Results<Ok<RundownResponse>, ValidationProblem, ProblemHttpResult>> Set(
        string wg, string sur, [FromBody] RundownRequest body, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        var items = Items(check, body.Items);
        if (!check.IsValid)
            return check.Problem();
        return Answer(key, await grains.GetGrain<ILiveTimerGrain>(key.GrainKey).SetRundown(items));
    }

    private static async Task<Results<Ok<RundownResponse>, ValidationProblem, ProblemHttpResult>> Derive(
        string wg, string sur, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return check.Problem();
        return Answer(key, await grains.GetGrain<ILiveTimerGrain>(key.GrainKey).SetRundown(null));
    }

    private static async Task<Results<Ok<TimeReportResponse>, ValidationProblem, ProblemHttpResult>> Report(
        string wg, string sur, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return check.Problem();
        // The timer refuses a console of another room, as it refuses its commands.
        var outcome = await grains.GetGrain<ILiveTimerGrain>(key.GrainKey).GetTimeReport(caller.ConsoleRoom());
        return outcome.Refusal is { } refusal ? Problems.Refused(refusal) : TypedResults.Ok(Response(outcome.Value!));
    }

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> ReportCsv(
        string wg, string sur, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return check.Problem();
        var outcome = await grains.GetGrain<ILiveTimerGrain>(key.GrainKey).GetTimeReport(consoleRoom: null);
        return outcome.Refusal is { } refusal ? Problems.Refused(refusal) : TypedResults.Text(Csv(Response(outcome.Value!)), "text/csv; charset=utf-8");
    }

    private static async Task<Results<Ok<WgTimeReportResponse>, ValidationProblem, ProblemHttpResult>> WgReport(
        string wg, IGrainFactory grains) => await (await grains.Week(wg)).Answer(async view =>
    {
        // One call per pre-session's timer; a timer that has started answers from its own record, reading no pre-session.
        var reports = await Task.WhenAll(view.PreSessions.Select(async p =>
            (p, Report: (await grains.GetGrain<ILiveTimerGrain>(p.Key.GrainKey).GetTimeReport(consoleRoom: null)).Value)));
        PreSessionTimeTotals[] totals = [.. reports.Where(r => r.Report is not null).Select(r => new PreSessionTimeTotals(
            r.p.Key.Sur, r.p.StateName, r.Report!.State.Name(),
            r.Report.Items.Count(i => i.Item.Kind is RundownItemKind.Speaker),
            r.Report.Items.Count(i => i.Overrun > TimeSpan.Zero),
            Ms(r.Report.Allotted), Ms(r.Report.Used), Ms(r.Report.Overrun)))];
        return TypedResults.Ok(new WgTimeReportResponse(view.Wg, totals,
            totals.Sum(t => t.AllottedMs), totals.Sum(t => t.UsedMs), totals.Sum(t => t.OverrunMs)));
    });

    private static List<RundownItem>? Items(Validation check, RundownItemRequest?[]? items)
    {
        if (items is null || items.Length is 0 or > MaxItems)
        {
            check.Add("items", $"Give 1 to {MaxItems} items.");
            return null;
        }
        var parsed = new List<RundownItem>();
        for (var i = 0; i < items.Length; i++)
        {
            var field = $"items[{i}]";
            if (items[i] is not { } item)
            {
                check.Add(field, "An item is an object: {kind, title, organisationId, allottedSeconds}.");
                continue;
            }
            if (item.Kind is null || !Kinds.TryGetValue(item.Kind, out var kind))
            {
                check.Add($"{field}.kind", $"The kind is one of {string.Join(", ", Kinds.Keys)}.");
                continue;
            }
            var seconds = check.Number($"{field}.allottedSeconds", item.AllottedSeconds, 0, MaxItemSeconds);
            if (kind is RundownItemKind.Speaker)
            {
                // A speaker's title is the organisation's name, from the panel: never a person's name typed here.
                var organisationId = item.OrganisationId is null ? null : check.OrganisationId(item.OrganisationId, $"{field}.organisationId");
                if (item.OrganisationId is null)
                    check.Add($"{field}.organisationId", "A speaker item names the panel's organisation.");
                parsed.Add(new RundownItem(kind, "", organisationId, TimeSpan.FromSeconds(seconds)));
            }
            else
                parsed.Add(new RundownItem(kind, check.Text($"{field}.title", item.Title, 200), null, TimeSpan.FromSeconds(seconds)));
        }
        return parsed;
    }

    private static Results<Ok<RundownResponse>, ValidationProblem, ProblemHttpResult> Answer(PreSessionKey key, Outcome<Rundown> outcome) =>
        outcome.Refusal is { } refusal ? Problems.Refused(refusal) : TypedResults.Ok(Response(key, outcome.Value!));

    private static RundownResponse Response(PreSessionKey key, Rundown rundown)
    {
        RundownEntry[] items = [.. rundown.Items.Select(i => new RundownEntry(i.Kind.Name(), i.Title, i.OrganisationId, (int)i.Allotted.TotalSeconds))];
        return new(key.Wg, key.Sur, rundown.Derived, items, items.Sum(i => i.AllottedSeconds));
    }

    private static TimeReportResponse Response(TimeReport report) => new(
        report.Key.Wg, report.Key.Sur, report.State.Name(),
        [.. report.Items.Select(i => new ItemTimeResponse(i.Index, i.Item.Kind.Name(), i.Item.Title, i.Item.OrganisationId,
            Ms(i.Allotted), Ms(i.Used), Ms(i.Overrun)))],
        Ms(report.Allotted), Ms(report.Used), Ms(report.Overrun));

    private static long Ms(TimeSpan time) => (long)time.TotalMilliseconds;

    /// <summary>The organisers' CSV (<see cref="CsvExport"/>): a header row, seconds with up to three decimals, formulas neutralised.</summary>
    public static string Csv(TimeReportResponse report) => CsvExport.Write(
        ["wg", "sur", "index", "kind", "title", "organisationId", "allottedSeconds", "usedSeconds", "overrunSeconds"],
        report.Items.Select(i => new object?[]
        {
            report.Wg, report.Sur, i.Index, i.Kind, i.Title, i.OrganisationId, Seconds(i.AllottedMs), Seconds(i.UsedMs), Seconds(i.OverrunMs),
        }));

    private static decimal Seconds(long ms) => ms / 1000m;
}
