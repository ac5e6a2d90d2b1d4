using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using PreSessions.Gateway.Briefing;
using PreSessions.Gateway.Hosting;

namespace PreSessions.Gateway.Apis;

/// <summary>
/// A pre-session's briefing pack for the missions (<see cref="BriefingPack"/>): HTML by default, a PDF with
/// <c>Accept: application/pdf</c>, in the language of <c>?lang=</c> or else the request's. Public, as everything in it is.
/// </summary>
public static class BriefingApi
{
    public const string Pdf = "application/pdf";
    public const string Html = "text/html";

    public static IEndpointRouteBuilder MapBriefingApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/wg-sessions/{wg}/pre-sessions/{sur}/briefing", Get).AllowAnonymous().WithTags("Statements")
            .WithName("getBriefingPack").WithSummary("The pre-session's briefing pack: HTML, or PDF with Accept: application/pdf")
            .WithDescription("The agenda, the date, time (Geneva) and room, the panel (speakers named only with consent), and every " +
                "published statement's questions and recommendations grouped by theme, with the previous-cycle recommendations they " +
                "address. ?lang=en|fr|es, else the request's language; ?format=pdf|html for a link that cannot set Accept. An ETag answers If-None-Match with 304.")
            .Produces<string>(StatusCodes.Status200OK, Html, Pdf)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Get(string wg, string sur, HttpContext context, IGrainFactory grains, IStringLocalizer<BriefingText> words)
    {
        var (check, text) = (new Validation(), new BriefingText(words));
        var key = check.PreSession(wg, sur);
        if (context.Request.Query.TryGetValue(Localization.QueryKey, out var asked) && !Localization.Languages.Contains(asked.ToString()))
            check.Add(Localization.QueryKey, "The language is one of en, fr, es.");
        var asFormat = context.Request.Query["format"].ToString() switch
        {
            "" => null,
            "pdf" => Pdf,
            "html" => Html,
            _ => Invalid(check),
        };
        if (!check.IsValid)
            return check.Problem();
        if ((asFormat ?? Negotiate(context.Request)) is not { } format)
            return TypedResults.Problem($"The briefing pack is served as {Html} or {Pdf}; the Accept header asks for neither.",
                statusCode: StatusCodes.Status406NotAcceptable, title: "Not Acceptable");
        if (await BriefingPack.ReadAsync(grains, key, context.Language()) is not { } pack)
            return Problems.NotFound($"There is no pre-session {key}.");

        var headers = context.Response.GetTypedHeaders();
        context.Response.Headers.Vary = "Accept, Accept-Language, Cookie";
        var etag = new EntityTagHeaderValue($"\"{Tag(pack, format)}\"");
        headers.ETag = etag;
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(etag, useStrongComparison: false) || t.Equals(EntityTagHeaderValue.Any)))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        if (format == Pdf)
            return TypedResults.File(BriefingPdf.Write(pack, text), Pdf, $"briefing-{pack.Wg}-{pack.Sur}-{pack.Language}.pdf");
        return TypedResults.Content(await BriefingHtml.DocumentAsync(context.RequestServices, pack, text), "text/html; charset=utf-8");
    }

    private static string? Invalid(Validation check)
    {
        check.Add("format", "The format is pdf or html (or leave it out and say it with the Accept header).");
        return null;
    }

    /// <summary>
    /// HTML or PDF by the Accept header's qualities; no Accept, or one that takes anything, is HTML (a browser's link).
    /// Null when it accepts neither.
    /// </summary>
    public static string? Negotiate(HttpRequest request)
    {
        // ServiceDefaults clears Accept so every error is problem+json; what the client asked is kept in the items.
        var asked = request.HttpContext.Items[ServiceDefaults.AskedAccept] is StringValues kept ? kept : request.Headers.Accept;
        if (!MediaTypeHeaderValue.TryParseList(asked, out var accepted) || accepted.Count == 0)
            return Html;
        var best = accepted.Where(a => a.Quality is not 0)
            .OrderByDescending(a => a.Quality ?? 1)
            .ThenBy(a => a.MatchesAllTypes ? 2 : a.MatchesAllSubTypes ? 1 : 0)
            .Select(a => a.MatchesAllTypes ? Html
                : a.MediaType.Equals(Html, StringComparison.OrdinalIgnoreCase) || a.MediaType.Equals("text/*", StringComparison.OrdinalIgnoreCase) ? Html
                : a.MediaType.Equals(Pdf, StringComparison.OrdinalIgnoreCase) || a.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase) ? Pdf
                : null)
            .FirstOrDefault(f => f is not null);
        return best;
    }

    /// <summary>The pack's content, language and format hashed: it changes when anything the reader sees changes.</summary>
    private static string Tag(BriefingPack pack, string format) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { pack, format })))[..32];
}
