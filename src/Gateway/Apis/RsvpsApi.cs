using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Auth;
using PreSessions.Gateway.Hosting;

namespace PreSessions.Gateway.Apis;

public sealed record RsvpRequestBody(bool? Attending, int? Delegates);

public sealed record RsvpResponse(string Status, int Delegates);

/// <summary>Permanent Missions RSVP to pre-sessions with a number of delegates; seats are never oversold.</summary>
public static class RsvpsApi
{
    public const int MaxDelegates = 10;

    public static IEndpointRouteBuilder MapRsvpsApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/wg-sessions/{wg}/pre-sessions/{sur}/rsvps/{organisationId}", Respond)
            .RequireAuthorization(Roles.Organisation)
            .RequireRateLimiting(RequestLimits.Commands)
            .WithTags("RSVPs")
            .WithName("respondToInvitation").WithSummary("A Permanent Mission RSVPs for a number of delegates, or declines").ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Ok<RsvpResponse>, ValidationProblem, ProblemHttpResult>> Respond(
        string wg, string sur, string organisationId, [FromBody] RsvpRequestBody body,
        ClaimsPrincipal caller, IGrainFactory grains) =>
        (await Responded(wg, sur, organisationId, body, caller, grains))
            .Answer(responded => TypedResults.Ok(new RsvpResponse(responded.Status.Name(), responded.Delegates)));

    /// <summary>An RSVP's rules (for the mission itself only) and its grain call: the API and the account page.</summary>
    public static async Task<Decision<RsvpAnswer>> Responded(
        string wg, string sur, string organisationId, RsvpRequestBody body, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        var id = check.OrganisationId(organisationId);
        var attending = check.Flag("attending", body.Attending);
        // A mission that declines holds no seats, so the number of delegates matters only when it attends.
        var delegates = attending || body.Delegates is not null ? check.Number("delegates", body.Delegates, 1, MaxDelegates) : 0;
        if (!check.IsValid)
            return Decision<RsvpAnswer>.Malformed(check);
        if (caller.OrganisationId() != id)
            return Decision<RsvpAnswer>.Refused(new Refusal(RefusalKind.Forbidden, "A mission may RSVP only for itself."));

        var outcome = await grains.GetGrain<IOrganisationGrain>(id).Rsvp(key, new RsvpRequest(attending, delegates));
        return Decision<RsvpAnswer>.From(outcome);
    }
}
