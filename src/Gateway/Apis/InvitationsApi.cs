using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Apis;

/// <summary>What one run of the invitations did: new links issued, and States invited before (left as they were).</summary>
public sealed record InvitationsRun(int Invited, int AlreadyInvited);

/// <summary>How one mission's invitation stands, as the CSV and the organisers' page say it.</summary>
public enum InvitationStatus
{
    /// <summary>Its one-time link is open.</summary>
    Invited,

    /// <summary>It redeemed its link: it signs in with its own token now.</summary>
    SignedIn,

    /// <summary>It held a token of its own when it was invited: no link, it signs in with that.</summary>
    HasToken,

    /// <summary>Its open link was derived from an operator token since replaced: inviting again issues the one to send.</summary>
    Stale,
}

/// <summary>
/// The operator invites the Permanent Missions of all 193 UN member States to a WG session's pre-sessions in one
/// action, then downloads the list (mission, State, sign-in link, RSVP link) to send through UPR Info's own mail. Each
/// link's one-time token is derived from the operator's secret (<see cref="Tokens.ForInvitation"/>), so the grain
/// stores only its hash and the CSV can be downloaded again with the same links.
/// </summary>
public static class InvitationsApi
{
    public static readonly string[] Header =
        ["mission", "state", "stateName", "organisationId", "status", "signInLink", "rsvpLink", "issuedAt", "usedAt"];

    public static IEndpointRouteBuilder MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/wg-sessions/{wg}").WithTags("Invitations");
        api.MapPost("/invitations", Invite).RequireAuthorization(Roles.Operator)
            .WithName("inviteMissions")
            .WithSummary("The operator invites the Permanent Missions of all 193 UN member States; a State invited before is left as it was")
            .WithDescription("Creates the missions' organisations where missing (a State's existing mission is reused) and a one-time " +
                "sign-in link for each mission that holds no token yet. Running it again changes nothing already issued: " +
                "it answers invited 0 and alreadyInvited 193.");
        api.MapGet("/invitations.csv", Csv).RequireAuthorization(Roles.Operator)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithName("exportInvitations")
            .WithSummary("The invitations as CSV to send by mail: mission, State, sign-in link, RSVP link")
            .WithDescription("Columns " + string.Join(",", Header) + ". status: invited (the link is open), signedIn (the link was " +
                "used), hasToken (the mission held its own token: no link), stale (the operator token changed since: invite " +
                "again to issue the link). Links are absolute, built from the request's address. RFC 4180, UTF-8, instants in UTC; " +
                "a text cell starting with =, +, -, @, a tab or a carriage return is written with a single quote in front.");
        return app;
    }

    private static async Task<Results<Ok<InvitationsRun>, ValidationProblem, ProblemHttpResult>> Invite(
        string wg, OperatorToken operatorToken, IGrainFactory grains) =>
        (await Invited(wg, operatorToken, grains)).Answer(invited => TypedResults.Ok(invited));

    /// <summary>A run's rules and its grain call: the API and the organisers' page.</summary>
    public static async Task<Decision<InvitationsRun>> Invited(string wg, OperatorToken operatorToken, IGrainFactory grains)
    {
        var check = new Validation();
        var number = check.Wg(wg);
        if (!check.IsValid)
            return Decision<InvitationsRun>.Malformed(check);
        // Every member State, the State under Review included: each is offered its mission's id and its link's hash.
        ImmutableArray<InvitationOffer> offers = [.. UnMemberStates.All.Keys.Order(StringComparer.Ordinal).Select(state =>
            new InvitationOffer(state, Tokens.ForMission(state), Tokens.Hash(Tokens.ForInvitation(number, state, operatorToken.Value))))];
        var outcome = await grains.GetGrain<IInvitationsGrain>(number).Invite(offers);
        return Decision<InvitationsRun>.From(outcome, c => new InvitationsRun(c.Invited, c.AlreadyInvited));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Csv(
        string wg, HttpRequest request, OperatorToken operatorToken, IGrainFactory grains) =>
        (await Exported(wg, request, operatorToken, grains)).Answer(CsvExport.File);

    /// <summary>The CSV's rules and its grain calls: the API and the organisers' page.</summary>
    public static async Task<Decision<(string FileName, string Csv)>> Exported(string wg, HttpRequest request, OperatorToken operatorToken, IGrainFactory grains)
    {
        var check = new Validation();
        var number = check.Wg(wg);
        if (!check.IsValid)
            return Decision<(string, string)>.Malformed(check);
        if (await grains.GetGrain<IWgSessionGrain>(number).GetView() is null)
            return Decision<(string, string)>.Refused(new Refusal(RefusalKind.NotFound, $"There is no WG session {number}."));
        // The request's own address: behind a proxy the forwarded headers (UseForwardedHeaders) have set it already.
        var site = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var invitations = await grains.GetGrain<IInvitationsGrain>(number).GetAll();
        var rows = invitations.Select(i =>
        {
            var status = StatusOf(i, number, operatorToken);
            return (IReadOnlyList<object?>)
            [
                i.MissionName, i.State, UnMemberStates.All.GetValueOrDefault(i.State, i.State), i.OrganisationId, Name(status),
                status == InvitationStatus.Invited ? $"{site}/invitations/{Tokens.ForInvitation(number, i.State, operatorToken.Value)}" : null,
                $"{site}/account?wg={number}#rsvp",
                CsvExport.Instant(i.IssuedAt), i.UsedAt is { } used ? CsvExport.Instant(used) : null,
            ];
        });
        return Decision<(string, string)>.Decided(($"wg{number}-invitations.csv", CsvExport.Write(Header, rows)));
    }

    public static InvitationStatus StatusOf(Invitation invitation, int wg, OperatorToken operatorToken) => invitation switch
    {
        { UsedAt: not null } => InvitationStatus.SignedIn,
        { TokenHash: null } => InvitationStatus.HasToken,
        { TokenHash: { } hash } when CryptographicOperations.FixedTimeEquals(hash, Tokens.Hash(Tokens.ForInvitation(wg, invitation.State, operatorToken.Value)))
            => InvitationStatus.Invited,
        _ => InvitationStatus.Stale,
    };

    public static string Name(InvitationStatus status) => status switch
    {
        InvitationStatus.Invited => "invited",
        InvitationStatus.SignedIn => "signedIn",
        InvitationStatus.HasToken => "hasToken",
        _ => "stale",
    };
}
