using System.Text;
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

    private static readonly IReadOnlyDictionary<string, Export> Kinds = new Dictionary<string, Export>
    {
        ["attendance"] = new(
            ["wg", "sur", "stateName", "startsAt", "organisationId", "organisationName", "delegates", "recordedAt"],
            async (grains, p) => (await grains.GetGrain<IAttendanceGrain>(p.Key.GrainKey).GetLedger()).Select(m => new object?[]
            {
                p.Key.Wg, p.Key.Sur, p.StateName, CsvExport.Instant(p.Plan.StartsAt),
                m.OrganisationId, m.OrganisationName, m.Delegates, CsvExport.Instant(m.RecordedAt),
            })),
    };

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

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Get(string wg, string kind, IGrainFactory grains)
    {
        var check = new Validation();
        var number = check.Wg(wg);
        if (!check.IsValid)
            return check.Problem();
        if (!Kinds.TryGetValue(kind, out var export))
            return Problems.NotFound($"There is no export \"{kind}\"; the exports are {string.Join(", ", Kinds.Keys.Select(k => k + ".csv"))}.");
        if (await grains.GetGrain<IWgSessionGrain>(number).GetView() is not { } week)
            return Problems.NotFound($"There is no WG session {number}.");

        var rows = await Task.WhenAll(week.PreSessions.Select(p => export.Rows(grains, p)));
        var csv = CsvExport.Write(export.Header, rows.SelectMany(r => r));
        return TypedResults.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"wg{number}-{kind}.csv");
    }
}
