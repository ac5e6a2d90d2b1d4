using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PreSessions.Gateway.Auth;
using PreSessions.Gateway.Hosting;

namespace PreSessions.Gateway.Apis;

/// <param name="RecommendingState">ISO 3166-1 alpha-3 code of the State that made the recommendation.</param>
/// <param name="Response"><c>supported</c> or <c>noted</c>.</param>
/// <param name="Addressed">Whether an application on the pre-session's panel says its statement addresses it.</param>
public sealed record RecommendationResponseBody(
    string Id, string Text, string RecommendingState, string RecommendingStateName, string Response, string? Theme, bool Addressed);

public sealed record RecommendationsImported(int Imported);

/// <summary>
/// The previous cycle's recommendations to a State under Review: the operator imports them as CSV (the whole set at
/// once), anyone reads them (they are the UN's public record) with those the panel addresses marked.
/// </summary>
public static class RecommendationsApi
{
    public const string MediaType = "text/csv";

    public static IEndpointRouteBuilder MapRecommendationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/wg-sessions/{wg}/pre-sessions/{sur}/recommendations").WithTags("Previous-cycle recommendations");
        api.MapPut("/", Import).RequireAuthorization(Roles.Operator).Accepts<string>(MediaType)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("importRecommendations")
            .WithSummary("The operator replaces the recommendations with a CSV import (id,text,recommendingState,response,theme); a bad line imports nothing");
        api.MapGet("/", List).AllowAnonymous()
            .WithName("listRecommendations").WithSummary("The previous cycle's recommendations to the State, marked when the panel addresses them");
        return app;
    }

    private static async Task<Results<Ok<RecommendationsImported>, ValidationProblem, ProblemHttpResult>> Import(
        string wg, string sur, HttpRequest request, IOptions<LimitsOptions> limits, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return check.Problem();
        if (!MediaTypeIsCsv(request.ContentType))
            return TypedResults.Problem($"Send the recommendations as {MediaType} (UTF-8).",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type");
        var (csv, tooLarge) = await Body(request, limits.Value.MaxRequestBodyBytes);
        if (tooLarge)
            return TypedResults.Problem("The body is larger than the gateway accepts (PreSessions:Limits:MaxRequestBodyBytes).",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload Too Large");
        if (csv is null)
        {
            check.Add("body", "The CSV is not UTF-8 text.");
            return check.Problem();
        }
        var imported = await Imported(key, csv, grains);
        if (imported.Invalid is { } invalid)
            return invalid.Problem();
        if (imported.Refusal is { } refusal)
            return Problems.Refused(refusal);
        return TypedResults.Ok(new RecommendationsImported(imported.Value));
    }

    /// <summary>An import's rules and its grain call: the API and the operator's page. Errors are named "line N".</summary>
    public static async Task<Decision<int>> Imported(PreSessionKey key, string csv, IGrainFactory grains)
    {
        var reading = RecommendationsCsv.Read(csv);
        if (reading.Errors.Count > 0)
        {
            var check = new Validation();
            foreach (var (line, messages) in reading.Errors)
                foreach (var message in messages)
                    check.Add($"line {line}", message);
            return Decision<int>.Malformed(check);
        }
        var outcome = await grains.GetGrain<IRecommendationsGrain>(key.GrainKey).Replace(reading.Recommendations);
        return Decision<int>.From(outcome);
    }

    private static async Task<Results<Ok<RecommendationResponseBody[]>, ValidationProblem, ProblemHttpResult>> List(
        string wg, string sur, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return check.Problem();
        if (await grains.GetGrain<IPreSessionGrain>(key.GrainKey).GetView() is null)
            return Problems.NotFound($"There is no pre-session {key}.");
        return TypedResults.Ok(await grains.ReadRecommendations(key));
    }

    /// <summary>The recommendations with those the panel's applications address marked: the API, the pre-session's JSON and page.</summary>
    public static async Task<RecommendationResponseBody[]> ReadRecommendations(this IGrainFactory grains, PreSessionKey key)
    {
        var recommendations = await grains.GetGrain<IRecommendationsGrain>(key.GrainKey).GetRecommendations();
        if (recommendations.IsEmpty)
            return [];
        var applications = await grains.GetGrain<IPreSessionGrain>(key.GrainKey).GetApplications();
        var addressed = applications.Where(a => a.Status == ApplicationStatus.Panel)
            .SelectMany(a => a.Request.RecommendationIds).ToHashSet(StringComparer.Ordinal);
        return [.. recommendations.Select(r => new RecommendationResponseBody(
            r.Id, r.Text, r.RecommendingState, UnMemberStates.All.GetValueOrDefault(r.RecommendingState, r.RecommendingState),
            r.Response.ToString().ToLowerInvariant(), r.Theme, addressed.Contains(r.Id)))];
    }

    private static bool MediaTypeIsCsv(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media) &&
        string.Equals(media.MediaType.Value, MediaType, StringComparison.OrdinalIgnoreCase) &&
        (media.Charset.Value is null || string.Equals(media.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body as text (null when it is not UTF-8), or too large: never more than the limit is read.</summary>
    private static async Task<(string? Text, bool TooLarge)> Body(HttpRequest request, long limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
                return (null, true);
            buffer.Write(chunk, 0, read);
        }
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF'), false);
        }
        catch (DecoderFallbackException)
        {
            return (null, false);
        }
    }
}
