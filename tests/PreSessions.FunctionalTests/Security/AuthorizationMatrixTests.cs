using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PreSessions.FunctionalTests.Security;

/// <summary>
/// README "Who may do what" as data: every endpoint of the gateway against every kind of caller, with the exact status
/// each cell answers. Every cell runs on a scene of its own (its own WG session, pre-session, room, organisations and
/// tokens), so a permitted call succeeds with its documented code and no cell sees another's effects. A denied call to
/// an endpoint that changes state must leave that state exactly as it was; a permitted one must change it (which shows
/// the before/after comparison can see a change at all). Every 401 is problem+json with the Bearer challenge, every
/// 403 problem+json. All mismatching cells are reported at once.
/// </summary>
public sealed partial class AuthorizationMatrixTests(GatewayFactory gateway, AuthorizationMatrixTests.SecondGateway second)
    : IClassFixture<GatewayFactory>, IClassFixture<AuthorizationMatrixTests.SecondGateway>
{
    /// <summary>
    /// Every cell needs a WG session of its own (its audit log is part of the state compared), and WG sessions are
    /// numbered 1 to 999: one gateway cannot hold rows x callers scenes once the matrix passes 71 rows, so the callers
    /// are split between two gateways, each with its own store and numbers.
    /// </summary>
    public sealed class SecondGateway : GatewayFactory;

    private GatewayFactory GatewayFor(Caller caller) => (int)caller < Callers.Length / 2 ? gateway : second;

    /// <summary>The columns of the matrix, in the order of the expectation strings below.</summary>
    public enum Caller
    {
        /// <summary>No Authorization header.</summary>
        Anonymous,
        /// <summary>"Bearer xyz".</summary>
        GarbledToken,
        /// <summary>A well-formed organisation token (pso_org-…_…) that no organisation holds.</summary>
        UnknownOrganisationToken,
        /// <summary>A well-formed console token (psc_…_…) for the scene's room that was never issued.</summary>
        UnknownConsoleToken,
        /// <summary>A CSO's token the operator revoked.</summary>
        RevokedToken,
        /// <summary>A CSO acting on its own resource (its own id in the path).</summary>
        CsoOwn,
        /// <summary>A CSO acting on another organisation's resource.</summary>
        CsoOther,
        NhriOwn,
        NhriOther,
        MissionOwn,
        MissionOther,
        /// <summary>A console token of the room the scene's pre-session is in.</summary>
        ConsoleOfRoom,
        /// <summary>A console token of another room (with a pre-session of its own).</summary>
        ConsoleOfOtherRoom,
        Operator,
    }

    /// <summary>The kind of organisation a row's {organisationId} names when the caller is not acting on its own.</summary>
    public enum SubjectKind { None, Cso, Mission }

    private static readonly Caller[] Callers = Enum.GetValues<Caller>();

    /// <summary>
    /// One endpoint (one method of one route template) and its expected status per <see cref="Caller"/>, written as
    /// "anon bad pso psc rev | cso cso' nhri nhri' mis mis' | con con' | op" (the bars are for the eye only).
    /// </summary>
    public sealed record Row(string Method, string Template, string Expected)
    {
        /// <summary>Literal values of route parameters the scene does not supply ({command}, {file}, ...).</summary>
        public IReadOnlyDictionary<string, string> With { get; init; } = new Dictionary<string, string>();

        public string Query { get; init; } = "";
        public SubjectKind Subject { get; init; }
        public Func<Scene, HttpContent?>? Body { get; init; }

        /// <summary>What the scene needs before the call (as the operator or the subject): an application, a running timer.</summary>
        public Func<Scene, Task>? Arrange { get; init; }

        /// <summary>The endpoint changes state: compare the state before and after every call.</summary>
        public bool Changes { get; init; }

        /// <summary>A server-sent event stream: read the status and headers, then hang up.</summary>
        public bool Stream { get; init; }

        /// <summary>False for the endpoints the OpenAPI document leaves out on purpose (pages, their assets, the document).</summary>
        public bool Described { get; init; } = true;

        public string Name => $"{Method} {With.Aggregate(Template, (t, w) => t.Replace("{" + w.Key + "}", w.Value))}{Query}";

        public int[] Codes { get; } = [.. Expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(c => c != "|").Select(int.Parse)];
    }

    /// <summary>Everything one cell works on; nothing of it is shared with another cell.</summary>
    public sealed class Scene
    {
        public required int Wg { get; init; }
        public string Sur => "FRA";
        public required string Room { get; init; }
        public required string OtherRoom { get; init; }
        public Organisation? Subject { get; set; }
        public string? TokenId { get; set; }
        public HttpClient Caller { get; set; } = null!;
        public required HttpClient Operator { get; init; }
        public required GatewayFactory Gateway { get; init; }

        public string PreSession => $"/api/wg-sessions/{Wg}/pre-sessions/{Sur}";
        public string Timer => $"{PreSession}/timer";
        public string ConsoleTokens => $"/api/rooms/{Uri.EscapeDataString(Room)}/console-tokens";
    }

    public sealed record Organisation(string Id, string Token, string Kind);

    /// <summary>
    /// The people's pages (Razor Pages) know no bearer token: an organisation signs in to them with a cookie of their own,
    /// whose matrix is in Pages/SignInSessionTests (another's account by every page and form, antiforgery, sign-out). The
    /// room pages are Razor Pages too, but public to every caller, so they keep their rows here.
    /// </summary>
    private static bool IsPage(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor>() is not null &&
        endpoint.RoutePattern.RawText?.TrimStart('/').StartsWith("rooms/", StringComparison.Ordinal) != true;

    /// <summary>Routes that are not the gateway's API and stand outside the bearer-token matrix.</summary>
    private static bool OutsideTheMatrix(string template) =>
        // The Orleans dashboard: operators only, by Basic authentication with the operator token (README "Operators").
        template.StartsWith("/orleans-dashboard", StringComparison.Ordinal);

    [Fact]
    public void Every_row_has_one_expected_status_per_caller_and_rows_are_unique()
    {
        Assert.All(Matrix, row => Assert.True(row.Codes.Length == Callers.Length,
            $"{row.Name}: {row.Codes.Length} statuses for {Callers.Length} callers"));
        var duplicates = Matrix.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.Empty(duplicates);
    }

    [Fact]
    public async Task The_matrix_has_a_row_for_every_operation_of_the_openapi_document_and_every_route()
    {
        var document = await gateway.Client().GetJsonAsync("/openapi/v1.json");
        var described = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject()
                .Where(o => o.Name is "get" or "put" or "post" or "delete" or "patch" or "head" or "options" or "trace")
                .Select(o => Operation(o.Name, p.Name)))
            .ToHashSet();
        var rows = Matrix.Where(r => r.Described).Select(r => Operation(r.Method, r.Template)).ToHashSet();

        var withoutRow = described.Except(rows).Order().ToArray();
        var notDescribed = rows.Except(described).Order().ToArray();
        Assert.True(withoutRow.Length == 0 && notDescribed.Length == 0,
            $"OpenAPI operations with no row in the matrix: [{string.Join(", ", withoutRow)}]; " +
            $"matrix rows (Described) missing from /openapi/v1.json: [{string.Join(", ", notDescribed)}]");

        // The routes the OpenAPI document leaves out (pages, assets, the document itself) need rows too.
        var routes = gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !OutsideTheMatrix(raw) && !IsPage(e))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => Operation(m, e.RoutePattern.RawText!)))
            .ToHashSet();
        var allRows = Matrix.Select(r => Operation(r.Method, r.Template)).ToHashSet();
        var routesWithoutRow = routes.Except(allRows).Order().ToArray();
        var rowsWithoutRoute = allRows.Except(routes).Order().ToArray();
        Assert.True(routesWithoutRow.Length == 0 && rowsWithoutRoute.Length == 0,
            $"Routes with no row in the matrix: [{string.Join(", ", routesWithoutRow)}]; " +
            $"matrix rows that match no route: [{string.Join(", ", rowsWithoutRoute)}]");
    }

    [Fact]
    public async Task Every_endpoint_answers_every_caller_exactly_as_the_readme_table_says()
    {
        Assert.All(Matrix, row => Assert.Equal(Callers.Length, row.Codes.Length));
        var cells = Matrix.SelectMany(row => Callers.Select(caller => (row, caller))).ToArray();
        var mismatches = new ConcurrentBag<(int Row, Caller Caller, string Text)>();

        await Parallel.ForEachAsync(cells, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (cell, _) =>
        {
            var (row, caller) = cell;
            var expected = row.Codes[(int)caller];
            string? mismatch;
            try
            {
                mismatch = await RunCellAsync(row, caller, expected);
            }
            catch (Exception e)
            {
                mismatch = $"the cell failed to run: {e.GetType().Name}: {Shorten(e.Message)}";
            }
            if (mismatch is not null)
                mismatches.Add((Array.IndexOf(Matrix, row), caller, $"{row.Name} as {caller}: {mismatch}"));
        });

        var report = mismatches.OrderBy(m => m.Row).ThenBy(m => m.Caller).Select(m => m.Text).ToArray();
        Assert.True(report.Length == 0,
            $"{report.Length} of {cells.Length} cells ({Matrix.Length} endpoints x {Callers.Length} callers) differ from the table:\n" +
            string.Join("\n", report));
    }

    /// <summary>Builds the cell's scene, makes the call, and says what differs from the expectation (null: nothing).</summary>
    private async Task<string?> RunCellAsync(Row row, Caller caller, int expected)
    {
        var scene = await SceneAsync(row, caller);
        if (row.Arrange is not null)
            await row.Arrange(scene);

        var before = row.Changes ? await StateAsync(scene) : null;
        string? verdict;
        using (var request = new HttpRequestMessage(new HttpMethod(row.Method), Url(row, scene)) { Content = row.Body?.Invoke(scene) })
        {
            if (row.Stream)
            {
                request.Headers.Accept.ParseAdd("text/event-stream");
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                using var response = await scene.Caller.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, patience.Token);
                verdict = await VerdictAsync(response, expected, stream: true);
            }
            else
            {
                using var response = await scene.Caller.SendAsync(request);
                verdict = await VerdictAsync(response, expected, stream: false);
            }
        }
        if (verdict is not null || before is null)
            return verdict;

        var after = await StateAsync(scene);
        var changed = Difference(before, after);
        if (expected >= 400 && changed is not null)
            return $"answered {expected} as it should, but changed the state: {changed}";
        if (expected < 300 && changed is null)
            return $"answered {expected} as it should, but the state did not change (is the check blind?)";
        return null;
    }
}
